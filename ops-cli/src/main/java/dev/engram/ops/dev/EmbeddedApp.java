package dev.engram.ops.dev;

import dev.engram.generation.GenerationProcessorApplication;
import dev.engram.ingest.IngestApiApplication;
import dev.engram.summary.SummaryProcessorApplication;
import java.net.URL;
import java.util.List;

/**
 * The three Engram apps as {@code engram dev} runs them: side by side in one JVM, each in its own
 * Spring context, on one classpath that holds all their jars. Each therefore sees auto-configurations
 * meant for another one; {@link ForeignAutoConfigurations} lists, per app, those it must not get, so
 * every context starts what it would start as its own process and nothing more.
 */
enum EmbeddedApp {

    INGEST_API("ingest-api", IngestApiApplication.class, true, ForeignAutoConfigurations.FOR_INGEST_API),

    GENERATION_PROCESSOR("generation-processor", GenerationProcessorApplication.class, false,
            ForeignAutoConfigurations.FOR_PROCESSORS),

    SUMMARY_PROCESSOR("summary-processor", SummaryProcessorApplication.class, false,
            ForeignAutoConfigurations.FOR_PROCESSORS);

    private final String applicationName;
    private final Class<?> mainClass;
    private final boolean web;
    private final List<String> excludedAutoConfigurations;

    EmbeddedApp(String applicationName, Class<?> mainClass, boolean web, List<String> excludedAutoConfigurations) {
        this.applicationName = applicationName;
        this.mainClass = mainClass;
        this.web = web;
        this.excludedAutoConfigurations = excludedAutoConfigurations;
    }

    String applicationName() {
        return applicationName;
    }

    Class<?> mainClass() {
        return mainClass;
    }

    /** Whether the app serves HTTP; the processors run with {@code web-application-type=none}. */
    boolean web() {
        return web;
    }

    List<String> excludedAutoConfigurations() {
        return excludedAutoConfigurations;
    }

    /**
     * The {@code application.yml} inside this app's own jar. Every app ships one at the root of its
     * jar, and on a shared classpath {@code classpath:application.yml} finds only the first, so each
     * context is pointed at its own by URL (works for a plain jar, a directory and a nested jar alike).
     */
    String ownConfigLocation() {
        String classFile = mainClass.getName().replace('.', '/') + ".class";
        URL url = mainClass.getClassLoader().getResource(classFile);
        if (url == null) {
            throw new IllegalStateException("cannot locate " + classFile + " on the classpath");
        }
        String location = url.toString();
        return location.substring(0, location.length() - classFile.length()) + "application.yml";
    }
}
