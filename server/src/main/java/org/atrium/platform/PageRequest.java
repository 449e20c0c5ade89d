package org.atrium.platform;

import java.util.Locale;
import java.util.Map;

/**
 * Paging and sorting parameters, validated against the columns a query allows so that no user input reaches SQL.
 */
public record PageRequest(int page, int size, String sortColumn, boolean descending) {

    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 50;

    /**
     * @param sort           {@code field} or {@code field,desc}; null for the default
     * @param allowedColumns API field name to SQL column
     */
    public static PageRequest of(Integer page, Integer size, String sort, Map<String, String> allowedColumns,
            String defaultSort) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ProblemException.badRequest("validation", "page must be 0 or more", Map.of("page", "must be >= 0"));
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ProblemException.badRequest("validation", "size must be between 1 and " + MAX_SIZE,
                    Map.of("size", "must be between 1 and " + MAX_SIZE));
        }
        String spec = sort == null || sort.isBlank() ? defaultSort : sort;
        String[] parts = spec.split(",");
        String field = parts[0].trim();
        String column = allowedColumns.get(field);
        if (column == null) {
            throw ProblemException.badRequest("validation", "cannot sort by '" + field + "'; allowed: "
                    + String.join(", ", allowedColumns.keySet()), Map.of("sort", "unknown field " + field));
        }
        boolean desc = false;
        if (parts.length > 1) {
            String dir = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw ProblemException.badRequest("validation", "sort direction must be asc or desc",
                        Map.of("sort", "bad direction " + parts[1]));
            }
            desc = dir.equals("desc");
        }
        return new PageRequest(p, s, column, desc);
    }

    /** Paging without sorting, for a list kept in its own order (plans in display order, staff by name …). */
    public static PageRequest of(@org.jspecify.annotations.Nullable Integer page,
            @org.jspecify.annotations.Nullable Integer size) {
        return of(page, size, DEFAULT_SIZE);
    }

    /** The same with another default size, for a list that is the report of what a request did. */
    public static PageRequest of(@org.jspecify.annotations.Nullable Integer page,
            @org.jspecify.annotations.Nullable Integer size, int defaultSize) {
        PageRequest checked = of(page, size == null ? defaultSize : size, null, Map.of("-", "-"), "-");
        return new PageRequest(checked.page(), checked.size(), "", false);
    }

    /** The page of a list held in memory: {@code size} is always the page size asked for, as in every list. */
    public <T> PageResponse<T> slice(java.util.List<T> all) {
        int from = (int) Math.min(all.size(), offset());
        int to = (int) Math.min(all.size(), (long) from + size);
        return new PageResponse<>(java.util.List.copyOf(all.subList(from, to)), page, size, all.size());
    }

    public long offset() {
        return (long) page * size;
    }

    public String orderBy() {
        return sortColumn + (descending ? " desc" : " asc");
    }

    public <T> PageResponse<T> response(java.util.List<T> items, long total) {
        return new PageResponse<>(items, page, size, total);
    }
}
