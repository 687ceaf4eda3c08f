package dev.engram.processor;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A remote model behind Spring AI's {@link ChatModel} (Anthropic's Messages API, any OpenAI-compatible endpoint):
 * one call per prompt, its failures classified by {@link ProviderFailures}. The clients' own retries are off
 * ({@code spring.ai.*.max-retries=0}, see {@link ProviderSelection}): a retry goes back through the binder with
 * the runtime's back-off, recorded on the job.
 */
final class ChatModelProvider implements ObservationProvider {

    private final String name;
    private final ChatModel model;
    private final ProviderFailures failures;

    ChatModelProvider(String name, ChatModel model, ProviderFailures failures) {
        this.name = name;
        this.model = model;
        this.failures = failures;
    }

    @Override
    public String name() {
        return name;
    }

    /** The model's answer text; an answer with no text is an empty string, which the parsers refuse (and retry). */
    @Override
    public String generate(String prompt) {
        ChatResponse response;
        try {
            response = model.call(new Prompt(prompt));
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.classify(name, e);
        }
        Generation result = response == null ? null : response.getResult();
        String text = result == null || result.getOutput() == null ? null : result.getOutput().getText();
        return text == null ? "" : text;
    }
}
