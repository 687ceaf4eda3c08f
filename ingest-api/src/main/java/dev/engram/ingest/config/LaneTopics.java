package dev.engram.ingest.config;

import dev.engram.core.lane.Lane;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares every lane's topic and dead-letter topic, so the relay never depends on broker auto-creation. */
@Configuration(proxyBeanMethods = false)
class LaneTopics {

    @Bean
    KafkaAdmin.NewTopics laneTopicDeclarations(KafkaSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            topics.add(TopicBuilder.name(lane.topic()).partitions(settings.partitions()).build());
            topics.add(TopicBuilder.name(lane.deadLetterTopic()).partitions(settings.partitions()).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
