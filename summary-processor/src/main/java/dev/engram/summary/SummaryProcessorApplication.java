package dev.engram.summary;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Boots the summary processor. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SummaryProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(SummaryProcessorApplication.class, args);
    }
}
