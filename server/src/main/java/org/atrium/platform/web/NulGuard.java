package org.atrium.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A NUL character ({@code U+0000}) is refused wherever a request can carry text: PostgreSQL cannot store it in a
 * {@code text} or {@code jsonb} column, so it would otherwise fail deep inside a write as a 500. A JSON body is
 * scanned before it is read (for the escape {@code \u0000}, the only way JSON can carry a NUL; a raw NUL byte is
 * not JSON), query parameters and path variables when the request reaches its controller. The answer is a 400 that
 * names the field.
 * <p>
 * Both run after the permission check, so a caller without the permission learns nothing about a body's validity.
 */
@ControllerAdvice
class NulGuard implements RequestBodyAdvice {

    private static final byte[] ESCAPE = "\\u0000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = message.getBody().readAllBytes();
        if (indexOf(body, ESCAPE) >= 0) {
            String field = fieldWithNul(body);
            if (field != null) {
                throw refused(field);
            }
        }
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return body;
    }

    @Override
    public @Nullable Object handleEmptyBody(@Nullable Object body, HttpInputMessage message, MethodParameter parameter,
            Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return body;
    }

    /** The query parameters and path variables of a request that reached its controller. */
    static final class Parameters implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String query = request.getQueryString();
            if (query != null && query.contains("%00")) {
                for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
                    if (p.getKey().indexOf('\0') >= 0) {
                        throw refused(p.getKey().replace("\0", "\\u0000"));
                    }
                    for (String value : p.getValue()) {
                        if (value.indexOf('\0') >= 0) {
                            throw refused(p.getKey());
                        }
                    }
                }
            }
            if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
                for (Map.Entry<?, ?> v : variables.entrySet()) {
                    if (v.getValue() instanceof String value && value.indexOf('\0') >= 0) {
                        throw refused(String.valueOf(v.getKey()));
                    }
                }
            }
            return true;
        }
    }

    private static ProblemException refused(String field) {
        return ProblemException.badRequest("validation",
                "'%s' contains a NUL character (\\u0000), which no text field accepts.".formatted(field),
                Map.of(field, "must not contain a NUL character"));
    }

    /** The path of the first string or field name that holds a NUL, or null (the escape was itself escaped). */
    private static @Nullable String fieldWithNul(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME && parser.currentName().indexOf('\0') >= 0) {
                    return path(parser.streamReadContext().getParent(),
                            parser.currentName().replace("\0", "\\u0000"));
                }
                if (token == JsonToken.VALUE_STRING && parser.getString().indexOf('\0') >= 0) {
                    return path(parser.streamReadContext(), null);
                }
            }
            return null;
        } catch (JacksonException e) {
            return null; // not JSON: the converter reports it as such
        }
    }

    private static String path(@Nullable TokenStreamContext context, @Nullable String last) {
        Deque<String> parts = new ArrayDeque<>();
        if (last != null) {
            parts.push("." + last);
        }
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.currentName() != null) {
                parts.push("." + c.currentName());
            }
        }
        String joined = String.join("", parts);
        if (joined.isEmpty()) {
            return "body";
        }
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
