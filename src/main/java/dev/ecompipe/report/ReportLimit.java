package dev.ecompipe.report;

/** The {@code limit} parameter of {@code GET /report}. */
final class ReportLimit {

    private ReportLimit() {
    }

    /** The report's row limit from the query parameter {@code limit}: 10 when absent, else a whole number, 0 or more. */
    static int parse(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return 10;
        }
        try {
            int limit = Integer.parseInt(parameter.strip());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a negative number
        }
        throw new BadRequestException("The parameter limit must be a whole number, 0 or more, not '" + parameter + "'.");
    }
}
