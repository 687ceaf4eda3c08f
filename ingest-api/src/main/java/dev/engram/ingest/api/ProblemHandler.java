package dev.engram.ingest.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.netty.channel.AbortedException;

/**
 * Maps every failure of a route to a problem detail: {@link ApiException}s to their own status,
 * framework errors to the closest client status, anything else to a 500 that carries no stack trace.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final BodyLimits bodyLimits;
    private final TraceContext traces;

    ProblemHandler(BodyLimits bodyLimits, TraceContext traces) {
        this.bodyLimits = bodyLimits;
        this.traces = traces;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Problem> api(ApiException exception, ServerWebExchange exchange) {
        return respond(exception, exchange);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Problem> input(ServerWebInputException exception, ServerWebExchange exchange) {
        if (causedByBodyLimit(exception)) {
            return respond(new ApiException.PayloadTooLarge(bodyLimits.maxBodyBytes()), exchange);
        }
        return respond(ApiException.ValidationFailed.of(ValidationIssue.ofBody(
                exception.getReason() == null ? "Malformed request" : exception.getReason())), exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<Problem> tooLarge(DataBufferLimitException exception, ServerWebExchange exchange) {
        return respond(new ApiException.PayloadTooLarge(bodyLimits.maxBodyBytes()), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Problem> status(ResponseStatusException exception, ServerWebExchange exchange) {
        HttpStatusCode code = exception.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null || status.is5xxServerError()) {
            return internal(exception, exchange);
        }
        String word = switch (status) {
            case NOT_FOUND -> "NotFound";
            case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
            case UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
            case NOT_ACCEPTABLE -> "NotAcceptable";
            default -> "BadRequest";
        };
        Problem body = Problem.of(status, word.toLowerCase(java.util.Locale.ROOT), word,
                exception.getReason() == null ? status.getReasonPhrase() : exception.getReason(),
                exchange.getRequest().getPath().value(), RequestIds.of(exchange));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> internal(Exception exception, ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        if (DatabaseFailures.unavailable(exception)) {
            log.warn("request {} {} refused with 503, the database is unavailable (request id {}): {}",
                    exchange.getRequest().getMethod(), exchange.getRequest().getPath(), requestId,
                    DatabaseFailures.rootMessage(exception));
            ApiException.DatabaseUnavailable unavailable =
                    new ApiException.DatabaseUnavailable(DatabaseFailures.RETRY_AFTER_SECONDS);
            return ResponseEntity.status(unavailable.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(unavailable.retryAfterSeconds()))
                    .body(Problem.of(unavailable, exchange.getRequest().getPath().value(), requestId));
        }
        if (exception instanceof AbortedException) {
            // The client closed the connection before its answer was sent: nothing failed here.
            log.debug("request {} {} abandoned by the client (request id {})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), requestId);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).build();
        }
        log.error("request {} {} failed (request id {}, trace {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), requestId, traces.current(exchange), exception);
        Problem body = Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "InternalError",
                "Internal error; quote request id " + requestId, exchange.getRequest().getPath().value(), requestId);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ResponseEntity<Problem> respond(ApiException exception, ServerWebExchange exchange) {
        Problem body = Problem.of(exception, exchange.getRequest().getPath().value(),
                RequestIds.of(exchange));
        return ResponseEntity.status(exception.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static boolean causedByBodyLimit(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }
}
