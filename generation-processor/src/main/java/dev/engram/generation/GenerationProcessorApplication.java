package dev.engram.generation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the generation processor. */
@SpringBootApplication
public class GenerationProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenerationProcessorApplication.class, args);
    }
}
