package org.zeofreeze.bench;

import java.nio.file.Path;

final class UiBenchmark {
    UiBenchmark(Path work, ResultTable table) {
    }

    void run() throws Exception {
    }
}
