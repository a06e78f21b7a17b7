package io.metadiv.web;

import java.util.Set;
import java.util.TreeSet;

/**
 * The page, size and sort of a list request, checked once for every list operation: a 400 names the parameter and
 * its allowed range instead of Spring Data's silent clamping (it turns {@code size=0} into the default).
 *
 * @param page zero-based page
 * @param size rows per page
 * @param field the API name of the sort field
 * @param ascending sort direction
 */
public record PageQuery(int page, int size, String field, boolean ascending) {

    /**
     * Checks the parameters.
     *
     * @param sort {@code field}, {@code field,asc} or {@code field,desc} (descending when no direction is given)
     * @param sortable the API names of the fields one may sort by
     */
    public static PageQuery of(int page, int size, int maxSize, String sort, Set<String> sortable) {
        if (page < 0) {
            throw new BadRequestException("page must be >= 0, got " + page, "page");
        }
        if (size < 1 || size > maxSize) {
            throw new BadRequestException("size must be in [1, " + maxSize + "], got " + size, "size");
        }
        String[] parts = sort.split(",", -1);
        if (!sortable.contains(parts[0]) || parts.length > 2
                || (parts.length == 2 && !parts[1].matches("(?i)asc|desc"))) {
            throw new BadRequestException("sort must be one of " + new TreeSet<>(sortable)
                    + ", optionally with ,asc or ,desc; got " + sort, "sort");
        }
        return new PageQuery(page, size, parts[0], parts.length == 2 && parts[1].equalsIgnoreCase("asc"));
    }
}
