package dev.engram.summary;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the summary processor. */
@SpringBootApplication
public class SummaryProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(SummaryProcessorApplication.class, args);
    }
}
