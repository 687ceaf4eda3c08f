package dev.engram.ops.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one app would have on its classpath as its own process, and which auto-configurations it would
 * therefore never see. Each app's build writes its runtime classpath (jar file names) into its jar as
 * {@code META-INF/engram/app-classpath.txt}; every jar on the shared classpath of {@code engram dev} that
 * registers auto-configurations and is not among them is foreign to that app, and so are its
 * auto-configurations. Nothing here names a framework class: the list follows the apps' poms.
 */
final class AppClasspath {

    static final String INDEX = "META-INF/engram/app-classpath.txt";
    static final String AUTO_CONFIGURATIONS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private final Set<String> jars;

    private AppClasspath(Set<String> jars) {
        this.jars = jars;
    }

    /** The classpath recorded in the jar (or classes directory) that holds {@code mainClass}. */
    static AppClasspath of(Class<?> mainClass) {
        URL index = EmbeddedApp.resourceBeside(mainClass, INDEX);
        Set<String> jars = new LinkedHashSet<>();
        for (String entry : read(index).split(",")) {
            if (!entry.isBlank()) {
                jars.add(fileName(entry.strip()));
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(index + " lists no jars; rebuild the app");
        }
        return new AppClasspath(jars);
    }

    boolean contains(String jarFileName) {
        return jars.contains(jarFileName);
    }

    /**
     * The auto-configurations registered on {@code loader}'s classpath by jars this app does not have.
     * Registrations from a classes directory (an IDE or reactor build of Engram's own modules) are kept:
     * they cannot be told apart, and Engram's own auto-configuration guards itself.
     */
    List<String> foreignAutoConfigurations(ClassLoader loader) {
        List<String> foreign = new ArrayList<>();
        try {
            for (URL registration : Collections.list(loader.getResources(AUTO_CONFIGURATIONS))) {
                Optional<String> jar = jarOf(registration);
                if (jar.isPresent() && !contains(jar.get())) {
                    foreign.addAll(classNames(registration));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + AUTO_CONFIGURATIONS, e);
        }
        return foreign;
    }

    /**
     * The file name of the jar a resource URL points into: {@code jar:file:/m2/x-1.jar!/...} and, inside
     * {@code engram.jar}, {@code jar:nested:/path/engram.jar/!BOOT-INF/lib/x-1.jar!/...} both give
     * {@code x-1.jar}; a resource in a directory gives nothing.
     */
    static Optional<String> jarOf(URL resource) {
        String url = resource.toString();
        int end = url.lastIndexOf(".jar!/");
        if (!url.startsWith("jar:") || end < 0) {
            return Optional.empty();
        }
        String path = url.substring(0, end + ".jar".length());
        return Optional.of(fileName(path));
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static List<String> classNames(URL registration) {
        List<String> names = new ArrayList<>();
        for (String line : read(registration).split("\n")) {
            String name = line.strip();
            int comment = name.indexOf('#');
            if (comment >= 0) {
                name = name.substring(0, comment).strip();
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            reader.lines().forEach(line -> text.append(line).append('\n'));
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }
}
