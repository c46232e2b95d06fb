package dev.ecompipe.warehouse;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** One DIM_DATE row, with US federal holidays on their observed dates computed by rule. */
public record CalendarDay(LocalDate date, String holidayName) {

    public static CalendarDay of(LocalDate date) {
        return new CalendarDay(date, federalHoliday(date).orElse(null));
    }

    public int dateKey() {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    public int quarter() {
        return (date.getMonthValue() - 1) / 3 + 1;
    }

    public String monthName() {
        return date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    public String dayName() {
        return date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    public int isoWeek() {
        return date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    public boolean isWeekend() {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /**
     * The federal holiday observed on this date (5 U.S.C. 6103): a fixed-date holiday on a Saturday is
     * observed the Friday before, on a Sunday the Monday after; a Saturday New Year's Day is observed on
     * 31 December of the year before.
     */
    static Optional<String> federalHoliday(LocalDate date) {
        int year = date.getYear();
        for (int y = year; y <= year + 1; y++) {
            if (observed(LocalDate.of(y, Month.JANUARY, 1)).equals(date)) {
                return Optional.of("New Year's Day");
            }
        }
        if (observed(LocalDate.of(year, Month.JUNE, 19)).equals(date) && year >= 2021) {
            return Optional.of("Juneteenth National Independence Day");
        }
        if (observed(LocalDate.of(year, Month.JULY, 4)).equals(date)) {
            return Optional.of("Independence Day");
        }
        if (observed(LocalDate.of(year, Month.NOVEMBER, 11)).equals(date)) {
            return Optional.of("Veterans Day");
        }
        if (observed(LocalDate.of(year, Month.DECEMBER, 25)).equals(date)) {
            return Optional.of("Christmas Day");
        }
        if (date.equals(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3))) {
            return Optional.of("Birthday of Martin Luther King, Jr.");
        }
        if (date.equals(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3))) {
            return Optional.of("Washington's Birthday");
        }
        if (date.equals(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))) {
            return Optional.of("Memorial Day");
        }
        if (date.equals(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))) {
            return Optional.of("Labor Day");
        }
        if (date.equals(nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2))) {
            return Optional.of("Columbus Day");
        }
        if (date.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))) {
            return Optional.of("Thanksgiving Day");
        }
        return Optional.empty();
    }

    private static LocalDate observed(LocalDate actual) {
        return switch (actual.getDayOfWeek()) {
            case SATURDAY -> actual.minusDays(1);
            case SUNDAY -> actual.plusDays(1);
            default -> actual;
        };
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }
}
