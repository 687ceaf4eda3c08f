package dev.engram.processor;

import dev.engram.core.provider.ObservationProvider;
import dev.engram.core.provider.ProviderException;
import dev.engram.core.provider.ProviderReply;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
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

    @Override
    public String generate(String prompt) {
        return reply(prompt).text();
    }

    /**
     * The model's answer text (an answer with no text is an empty string, which the parsers refuse and retry) and
     * the tokens the provider counted.
     */
    @Override
    public ProviderReply reply(String prompt) {
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
        ChatResponseMetadata metadata = response == null ? null : response.getMetadata();
        Usage usage = metadata == null ? null : metadata.getUsage();
        return new ProviderReply(text == null ? "" : text, tokens(usage == null ? null : usage.getPromptTokens()),
                tokens(usage == null ? null : usage.getCompletionTokens()),
                metadata == null || metadata.getModel() == null || metadata.getModel().isBlank() ? null
                        : metadata.getModel());
    }

    private static long tokens(@Nullable Integer count) {
        return count == null ? 0 : Math.max(0, count);
    }
}
