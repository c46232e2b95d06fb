package dev.ecompipe.warehouse;

import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarDayTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "2026-07-03 | Independence Day",                       // 4 July 2026 is a Saturday
        "2026-07-04 | none",
        "2021-07-05 | Independence Day",                       // 4 July 2021 is a Sunday
        "2021-12-31 | New Year's Day",                         // 1 January 2022 is a Saturday
        "2022-01-01 | none",
        "2023-01-02 | New Year's Day",                         // 1 January 2023 is a Sunday
        "2025-11-27 | Thanksgiving Day",
        "2026-05-25 | Memorial Day",
        "2026-01-19 | Birthday of Martin Luther King, Jr.",
        "2026-02-16 | Washington's Birthday",
        "2026-09-07 | Labor Day",
        "2026-10-12 | Columbus Day",
        "2026-11-11 | Veterans Day",
        "2022-12-26 | Christmas Day",                          // 25 December 2022 is a Sunday
        "2020-06-19 | none",                                   // before Juneteenth became a federal holiday
        "2027-06-18 | Juneteenth National Independence Day",   // 19 June 2027 is a Saturday
        "2026-03-14 | none",
    })
    void federalHolidaysFallOnTheirObservedDates(LocalDate date, String holiday) {
        assertThat(CalendarDay.of(date).holidayName()).isEqualTo(holiday);
    }

    @ParameterizedTest
    @CsvSource({"2026-03-14, 20260314, 1, 6, Saturday, 11, true", "2027-01-01, 20270101, 1, 5, Friday, 53, false"})
    void calendarAttributes(LocalDate date, int key, int quarter, int isoDay, String dayName, int isoWeek, boolean weekend) {
        CalendarDay day = CalendarDay.of(date);
        assertThat(day.dateKey()).isEqualTo(key);
        assertThat(day.quarter()).isEqualTo(quarter);
        assertThat(date.getDayOfWeek().getValue()).isEqualTo(isoDay);
        assertThat(day.dayName()).isEqualTo(dayName);
        assertThat(day.isoWeek()).isEqualTo(isoWeek);
        assertThat(day.isWeekend()).isEqualTo(weekend);
    }
}
