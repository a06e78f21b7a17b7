package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/** Headless Chromium for the report page tests: a DOM dump or a screenshot of a page this test server serves. */
final class Chromium {

    /** The browser; another one with {@code -Dmetadiv.chromium=PATH}. */
    private static final Path CHROMIUM = Path.of(System.getProperty("metadiv.chromium", "/usr/bin/chromium"));
    private static final long BROWSER_TIMEOUT_S = 90;

    private Chromium() {
    }

    static void require() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("This test renders the report in headless Chromium, and " + CHROMIUM + " is missing. Install it "
                    + "with `apt-get install -y chromium` (Debian; .ci/run does this in CI) or point "
                    + "-Dmetadiv.chromium at a Chromium binary.");
        }
    }

    /**
     * Runs headless Chromium on a fresh profile and returns its standard output. Networking it does by itself
     * (updates, sync, QUIC) is off: the machine may have no internet, and the page needs none.
     */
    static String run(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("metadiv-chromium-");
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        try {
            if (!browser.waitFor(BROWSER_TIMEOUT_S, TimeUnit.SECONDS)) {
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("chromium did not finish within " + BROWSER_TIMEOUT_S + " s: " + command + "\n" + tail(err));
            }
            assertThat(browser.exitValue()).as("chromium exit status: %s\n%s", command, tail(err)).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            FileSystemUtils.deleteRecursively(profile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

}
