package dev.engram.ops.dev;

import dev.engram.generation.GenerationProcessorApplication;
import dev.engram.ingest.IngestApiApplication;
import dev.engram.summary.SummaryProcessorApplication;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;

/**
 * The three Engram apps as {@code engram dev} runs them: side by side in one JVM, each in its own
 * Spring context, on one classpath that holds all their jars. Each therefore sees auto-configurations
 * meant for another one; {@link AppClasspath} finds, per app, those from jars the app does not have, so
 * every context starts what it would start as its own process and nothing more (docs/adr/0004).
 */
enum EmbeddedApp {

    INGEST_API("ingest-api", IngestApiApplication.class, true),

    GENERATION_PROCESSOR("generation-processor", GenerationProcessorApplication.class, false),

    SUMMARY_PROCESSOR("summary-processor", SummaryProcessorApplication.class, false);

    private final String applicationName;
    private final Class<?> mainClass;
    private final boolean web;

    EmbeddedApp(String applicationName, Class<?> mainClass, boolean web) {
        this.applicationName = applicationName;
        this.mainClass = mainClass;
        this.web = web;
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

    /** The auto-configurations this app would not have as its own process. */
    List<String> excludedAutoConfigurations() {
        return AppClasspath.of(mainClass).foreignAutoConfigurations(mainClass.getClassLoader());
    }

    /**
     * The {@code application.yml} inside this app's own jar. Every app ships one at the root of its
     * jar, and on a shared classpath {@code classpath:application.yml} finds only the first, so each
     * context is pointed at its own by URL (works for a plain jar, a directory and a nested jar alike).
     */
    String ownConfigLocation() {
        return resourceBeside(mainClass, "application.yml").toString();
    }

    /** A resource of the jar (or classes directory) that holds {@code mainClass}, not of the first on the classpath. */
    static URL resourceBeside(Class<?> mainClass, String resource) {
        String classFile = mainClass.getName().replace('.', '/') + ".class";
        URL url = mainClass.getClassLoader().getResource(classFile);
        if (url == null) {
            throw new IllegalStateException("cannot locate " + classFile + " on the classpath");
        }
        String location = url.toString();
        try {
            return URI.create(location.substring(0, location.length() - classFile.length()) + resource).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate " + resource + " beside " + classFile, e);
        }
    }
}
