package org.atrium.platform;

import java.util.List;
import java.util.function.Function;

/**
 * The one list shape of the API: {@code {"items": [...], "page": 0, "size": 50, "totalItems": 1234}}.
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

    public <R> PageResponse<R> map(Function<T, R> mapper) {
        return new PageResponse<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
