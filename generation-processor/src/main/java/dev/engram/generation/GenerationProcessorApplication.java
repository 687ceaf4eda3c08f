package dev.engram.generation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Boots the generation processor. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenerationProcessorApplication.class, args);
    }
}
