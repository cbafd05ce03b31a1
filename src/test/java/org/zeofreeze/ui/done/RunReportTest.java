package org.zeofreeze.ui.done;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.timeline.RunEvents;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.Session;

class RunReportTest {
    @TempDir
    Path dir;

    private static RunSummary summary() {
        Instant start = Instant.parse("2026-11-25T17:00:00Z");
        return new RunSummary(
                "prod",
                Mode.FREEZE,
                List.of("zeoserver/plone", "zeoserver/catalog"),
                List.of(
                        List.of("local:/srv/parts/zeoserver/etc/zeo.conf"),
                        List.of("local:/srv/parts/client1/etc/zope.conf", "local:/srv/parts/client2/etc/zope.conf")),
                new RunEvent.Finished(start.plusSeconds(300), RunEvent.Outcome.DONE, "done", "/j/run-1.json"),
                start,
                start.plusSeconds(300),
                new RunEvent.Outage(
                        start.plusSeconds(300),
                        Duration.ofSeconds(95),
                        Duration.ofSeconds(60),
                        Map.of("client1@local", Duration.ofMillis(4200)),
                        false),
                List.of("Verified: zeoserver/plone refuses write access at the ZEO server"),
                List.of("local: plone.fs (2.0 GiB)"),
                List.of("17:00:01  stopping <client1>"),
                new RunEvent.FrozenWindow(
                        start.plusSeconds(300),
                        start.plusSeconds(10),
                        Map.of("plone@local", Duration.ofMillis(12300)),
                        List.of()));
    }

    @Test
    void markdownListsTheFactsStoragesFilesAndLog() {
        String md = RunReport.render(summary(), RunReport.Format.MARKDOWN);
        assertThat(md)
                .startsWith("# ZeoFreeze report: prod\n")
                .contains(
                        "- **Outcome:** done",
                        "- **Site down:** 1 min 35 s",
                        "- **Journal:** /j/run-1.json",
                        "the site could not serve for 1 min 35 s in all (longest gap 1 min 0 s)",
                        "client1@local 4.2 s",
                        "- `Verified: zeoserver/plone refuses write access at the ZEO server`",
                        "- `zeoserver/plone`",
                        "- `local:/srv/parts/zeoserver/etc/zeo.conf`",
                        "17:00:01  stopping <client1>",
                        "- **Frozen window:** read-only before the copy was verified: plone@local 12 s");
    }

    @Test
    void filesWithTheSameChangeAreOneEntryInBothFormats() {
        String md = RunReport.render(summary(), RunReport.Format.MARKDOWN);
        assertThat(md)
                .contains("- The same change in 2 files: `local:/srv/parts/client1/etc/zope.conf`, "
                        + "`local:/srv/parts/client2/etc/zope.conf`\n");
        assertThat(md.lines().filter(l -> l.contains("zope.conf"))).hasSize(1);
        String html = RunReport.render(summary(), RunReport.Format.HTML);
        assertThat(html)
                .contains(
                        "<li>The same change in 2 files: <code>local:/srv/parts/client1/etc/zope.conf</code>, "
                                + "<code>local:/srv/parts/client2/etc/zope.conf</code></li>",
                        "<li><code>local:/srv/parts/zeoserver/etc/zeo.conf</code></li>");
        assertThat(summary().files()).hasSize(3);
    }

    @Test
    void htmlIsEscaped() {
        String html = RunReport.render(summary(), RunReport.Format.HTML);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<th>Took</th><td>5 min 0 s</td>", "stopping &lt;client1&gt;")
                .doesNotContain("<client1>");
    }

    private static RunSummary withTimeline(RunSummary s, Timeline t) {
        return new RunSummary(
                s.cluster(),
                s.mode(),
                s.storages(),
                s.changes(),
                s.finished(),
                s.started(),
                s.ended(),
                s.outage(),
                s.verified(),
                s.copies(),
                s.log(),
                s.frozen(),
                s.backups(),
                s.moved(),
                t);
    }

    @Test
    void theHtmlReportHoldsTheTimelineAsAnInlineSvgWithALanePerPart() throws Exception {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());
        String html = RunReport.render(withTimeline(summary(), t), RunReport.Format.HTML);

        assertThat(html).contains("<h2>Timeline</h2>").doesNotContain("<script", "href=", "src=");
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + "</svg>".length());
        Element root = DocumentBuilderFactory.newDefaultInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        NodeList groups = root.getElementsByTagName("g");
        List<String> lanes = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").startsWith("lane")) {
                lanes.add(g.getElementsByTagName("text").item(0).getTextContent());
            }
        }
        assertThat(lanes).containsExactly("site", "zeoserver@local", "client1@local", "client2@local");
        assertThat(html).contains(t.verdict());
    }

    @Test
    void aRunWithNothingToDrawHasNoTimelineInTheReport() {
        assertThat(RunReport.render(summary(), RunReport.Format.HTML)).doesNotContain("<svg", "Timeline");
        Timeline nothing = Timeline.of(List.of(
                new RunEvent.Finished(Instant.parse("2026-11-25T17:00:00Z"), RunEvent.Outcome.DONE, "done", null)));
        assertThat(RunReport.render(withTimeline(summary(), nothing), RunReport.Format.HTML))
                .doesNotContain("<svg");
    }

    @Test
    void theDonePageSummarisesAndExportsTheReport() throws Exception {
        Session session = ViewModels.session(dir);
        session.resultProperty().set(summary());
        DoneViewModel model = new DoneViewModel(session, new DoneViewModelTest.Recorded());
        model.entered();
        assertThat(model.headlineProperty().get()).isEqualTo("2 storages frozen");
        assertThat(model.journalProperty().get()).isEqualTo("/j/run-1.json");
        assertThat(model.facts()).contains("Frozen: zeoserver/plone, zeoserver/catalog");
        assertThat(model.verified()).contains("Verified: zeoserver/plone refuses write access at the ZEO server");
        assertThat(model.facts()).noneMatch(f -> f.startsWith("Verified: "));
        assertThat(model.facts()).anyMatch(f -> f.contains("out of service: client1@local 4.2 s"));
        assertThat(model.facts()).contains("Frozen window: read-only before the copy was verified: plone@local 12 s");
        model.exportReport(dir.resolve("report.html"), RunReport.Format.HTML);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<h1>ZeoFreeze report: prod</h1>");
        assertThat(model.infoProperty().get())
                .as("news, not an error")
                .isEqualTo("Report written to " + dir.resolve("report.html"));
        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(model.exportDirectory())
                .as("not the directory the program was started in")
                .isEqualTo(Path.of(System.getProperty("user.home")));
        assertThat(model.exportFileName()).isEqualTo("zeofreeze-prod-freeze-20261125-1705.md");
    }
}
