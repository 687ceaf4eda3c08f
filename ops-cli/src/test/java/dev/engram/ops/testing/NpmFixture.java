package dev.engram.ops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A directory under src/test/e2e whose npm packages a test runs, pinned by its package-lock.json. */
public final class NpmFixture {

    private NpmFixture() {
    }

    /**
     * {@code npm ci} in {@code dir} unless {@code installed} (a path the install creates) is there already; its
     * output goes to {@code target/<logName>}, and a failed or hung install fails the test with it.
     */
    public static void install(Path dir, Path installed, String logName) throws IOException, InterruptedException {
        if (Files.exists(installed)) {
            return;
        }
        // never inheritIO here: the test JVM's stdin and stdout are surefire's channel to Maven
        Path log = Path.of("target", logName);
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        npm.getOutputStream().close();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s: %s", dir, Files.readString(log)).isZero();
    }
}
