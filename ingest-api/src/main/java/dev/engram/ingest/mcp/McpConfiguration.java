package dev.engram.ingest.mcp;

import dev.engram.ingest.audit.ReadAudit;
import dev.engram.ingest.context.ContextPackBuilder;
import dev.engram.ingest.context.ContextSettings;
import dev.engram.ingest.observation.ObservationRepository;
import dev.engram.ingest.project.ProjectAccess;
import dev.engram.ingest.search.SearchService;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/** The MCP server: the SDK's stateless async server with Engram's tools, routed at {@code /v1/mcp}. */
@Configuration(proxyBeanMethods = false)
class McpConfiguration {

    @Bean
    McpHttpTransport mcpTransport(SearchService search, ContextPackBuilder context, ObservationRepository observations,
            ProjectAccess projects, ReadAudit audit, JsonMapper json, ContextSettings contextSettings) {
        List<AsyncToolSpecification> tools = new McpTools(search, context, observations, projects, audit, json,
                contextSettings.defaultMaxTokens()).specifications();
        McpHttpTransport transport = new McpHttpTransport(new JacksonMcpJsonMapper(json), json,
                tools.stream().map(tool -> tool.tool().name()).collect(Collectors.toSet()));
        McpStatelessAsyncServer server = McpServer.async(transport)
                .serverInfo("engram", "0.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // A limit that is not a number falls back to the default instead of failing the call.
                .validateToolInputs(false)
                .tools(tools)
                .build();
        transport.server(server);
        return transport;
    }

    @Bean
    RouterFunction<ServerResponse> mcpRoutes(McpHttpTransport transport) {
        return transport.routes();
    }
}
