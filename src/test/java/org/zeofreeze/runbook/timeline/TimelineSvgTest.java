package org.zeofreeze.runbook.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.runbook.timeline.RunEvents.at;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.zeofreeze.runbook.event.StepState;

/** The timeline's SVG read back as XML: what it holds, counted, not how it looks. */
class TimelineSvgTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The direct children of {@code parent} named {@code name} whose class attribute holds {@code cls}. */
    static List<Element> children(Element parent, String name, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e
                    && e.getLocalName().equals(name)
                    && List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static String label(Element group) {
        return children(group, "text", "label").get(0).getTextContent();
    }

    @Test
    void oneLabelledLanePerPartWithOneRectPerInterval() throws Exception {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());
        Element svg = parse(TimelineSvg.render(t)).getDocumentElement();

        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        List<Element> lanes = children(svg, "g", "lane");
        assertThat(lanes)
                .extracting(TimelineSvgTest::label)
                .containsExactly("site", "zeoserver@local", "client1@local", "client2@local");
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = t.lanes().get(i);
            List<Element> rects = children(lanes.get(i), "rect", "interval");
            assertThat(rects).as(lane.label()).hasSize(lane.intervals().size());
            for (int j = 0; j < rects.size(); j++) {
                Interval interval = lane.intervals().get(j);
                assertThat(rects.get(j).getAttribute("class"))
                        .isEqualTo("interval " + interval.state().text());
                assertThat(rects.get(j).getAttribute("fill"))
                        .isEqualTo(interval.state().colour());
            }
        }
    }

    @Test
    void theRectsFollowTheTimeAxisEndToEnd() throws Exception {
        Timeline t = Timeline.of(RunEvents.rollingFreeze().list());
        Element svg = parse(TimelineSvg.render(t)).getDocumentElement();
        List<Element> client1 = children(children(svg, "g", "lane").get(2), "rect", "interval");

        // Draining 3–5 s of a 33 s run: its place and width on the plot are those seconds.
        double plot = TimelineSvg.WIDTH - TimelineSvg.LABEL - TimelineSvg.RIGHT;
        Element draining = client1.get(1);
        assertThat(Double.parseDouble(draining.getAttribute("x")))
                .isCloseTo(TimelineSvg.LABEL + 3 / 33.0 * plot, Offset.offset(0.1));
        assertThat(Double.parseDouble(draining.getAttribute("width"))).isCloseTo(2 / 33.0 * plot, Offset.offset(0.2));
        double end = 0;
        for (Element r : client1) {
            assertThat(Double.parseDouble(r.getAttribute("x")))
                    .isCloseTo(end == 0 ? TimelineSvg.LABEL : end, Offset.offset(0.2));
            end = Double.parseDouble(r.getAttribute("x")) + Double.parseDouble(r.getAttribute("width"));
        }
        assertThat(end).isCloseTo(TimelineSvg.LABEL + plot, Offset.offset(0.2));
    }

    @Test
    void theMaintenanceWindowAndEachReadOnlyWindowAreBarsOfTheirOwn() throws Exception {
        Timeline rolling = Timeline.of(RunEvents.rollingFreeze().list());
        List<Element> bars = children(parse(TimelineSvg.render(rolling)).getDocumentElement(), "g", "bar");
        assertThat(bars)
                .extracting(TimelineSvgTest::label)
                .containsExactly("plone@local read-only", "catalog@local read-only");
        assertThat(bars)
                .allSatisfy(b -> assertThat(children(b, "rect", "read-only")).hasSize(1));
        // Not verified: drawn open (dashed), as it is.
        assertThat(children(bars.get(1), "rect", "window").get(0).getAttribute("stroke-dasharray"))
                .isNotEmpty();
        assertThat(children(bars.get(0), "rect", "window").get(0).hasAttribute("stroke-dasharray"))
                .isFalse();

        Timeline full = Timeline.of(RunEvents.fullStop().list());
        List<Element> fullBars = children(parse(TimelineSvg.render(full)).getDocumentElement(), "g", "bar");
        assertThat(fullBars).extracting(TimelineSvgTest::label).containsExactly("maintenance window");
        assertThat(children(fullBars.get(0), "rect", "maintenance")).hasSize(1);
    }

    @Test
    void eachFailedRequestIsALineAndTheLegendNamesEveryState() throws Exception {
        Timeline t = Timeline.of(RunEvents.fullStop().list()).withFailedRequests(List.of(at(6), at(7.5), at(12)));
        Element svg = parse(TimelineSvg.render(t)).getDocumentElement();

        List<Element> failures = children(svg, "g", "failures");
        assertThat(failures).hasSize(1);
        assertThat(children(failures.get(0), "line", "failure")).hasSize(3);
        assertThat(label(failures.get(0))).isEqualTo("3 failed requests");
        String legend = children(svg, "g", "legend").get(0).getTextContent();
        for (LaneState s : t.legendStates()) {
            assertThat(legend).contains(s.text());
        }
        assertThat(legend).contains("serving", "draining", "down", "starting").doesNotContain("not running");
        assertThat(legend).contains("maintenance window", "failed request");
        assertThat(children(svg, "text", "verdict").get(0).getTextContent()).isEqualTo(t.verdict());
    }

    @Test
    void withoutFailedRequestsThereIsNoRowForThem() throws Exception {
        Element svg = parse(TimelineSvg.render(Timeline.of(RunEvents.fullStop().list())))
                .getDocumentElement();

        assertThat(children(svg, "g", "failures")).isEmpty();
    }

    @Test
    void namesAreEscapedSoTheSvgStaysWellFormed() throws Exception {
        Timeline t = Timeline.of(new RunEvents()
                .step(0, "copy", StepState.RUNNING)
                .frozen(4, 1, Map.of("R&D <main>@local", 2.0), List.of())
                .finished(5)
                .list());

        List<Element> bars = children(parse(TimelineSvg.render(t)).getDocumentElement(), "g", "bar");
        assertThat(bars).extracting(TimelineSvgTest::label).containsExactly("R&D <main>@local read-only");
    }

    @Test
    void ticksAreRoundSecondsAboutTenOverTheRun() {
        assertThat(Timeline.tickStep(33)).isEqualTo(5);
        assertThat(Timeline.tickStep(8)).isEqualTo(1);
        assertThat(Timeline.tickStep(600)).isEqualTo(60);
        assertThat(Timeline.tickStep(0.5)).isEqualTo(0.1);
    }
}
