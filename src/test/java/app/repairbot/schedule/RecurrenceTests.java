package app.repairbot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrenceTests {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "{0}: Sunday 19:00 after {1} is {2}")
    @CsvSource({
            "Asia/Tokyo, 2026-11-29T09:00:00Z, 2026-11-29T10:00:00Z",
            "Asia/Tokyo, 2026-11-29T10:00:00Z, 2026-12-06T10:00:00Z",
            "America/Los_Angeles, 2026-11-29T09:00:00Z, 2026-11-30T03:00:00Z",
            "Pacific/Kiritimati, 2026-11-28T00:00:00Z, 2026-11-29T05:00:00Z",
            "UTC, 2026-11-29T19:00:00Z, 2026-12-06T19:00:00Z"})
    void worksInTheCouplesZoneOnBothSidesOfUtc(String zone, Instant after, Instant expected) {
        assertThat(Recurrence.weekly(DayOfWeek.SUNDAY, LocalTime.of(19, 0)).next(after, ZoneId.of(zone))).isEqualTo(expected);
    }

    @Test
    void aTimeTheClocksSkipFiresAtTheFirstValidMomentAfterIt() {
        // Berlin, 28 March 2027: 02:00 becomes 03:00 (01:00 UTC).
        Recurrence r = Recurrence.daily(LocalTime.of(2, 30));
        assertThat(r.next(Instant.parse("2027-03-27T12:00:00Z"), BERLIN)).isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
        assertThat(r.next(Instant.parse("2027-03-28T01:00:00Z"), BERLIN)).isEqualTo(Instant.parse("2027-03-29T00:30:00Z"));
        assertThat(Recurrence.daily(LocalTime.of(19, 0)).next(Instant.parse("2027-03-28T00:00:00Z"), BERLIN))
                .as("the evening of that day is on summer time").isEqualTo(Instant.parse("2027-03-28T17:00:00Z"));
    }

    @Test
    void aTimeTheClocksRepeatFiresOnce() {
        // Berlin, 25 October 2026: 03:00 goes back to 02:00, so 02:30 happens at 00:30 and at 01:30 UTC.
        Recurrence r = Recurrence.daily(LocalTime.of(2, 30));
        Instant first = r.next(Instant.parse("2026-10-24T12:00:00Z"), BERLIN);
        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(r.next(first, BERLIN)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void theUsChangesOnOtherDates() {
        Recurrence r = Recurrence.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 15));
        ZoneId ny = ZoneId.of("America/New_York");
        // 14 March 2027: 02:00 becomes 03:00 (07:00 UTC).
        assertThat(r.next(Instant.parse("2027-03-10T00:00:00Z"), ny)).isEqualTo(Instant.parse("2027-03-14T07:00:00Z"));
        // 7 November 2027: 02:00 goes back to 01:00; 02:15 happens once, on standard time.
        assertThat(r.next(Instant.parse("2027-11-03T00:00:00Z"), ny)).isEqualTo(Instant.parse("2027-11-07T07:15:00Z"));
    }

    @Test
    void readsDaysAndTimesKindlyAndRefusesNonsense() {
        assertThat(Recurrence.day("sun")).contains(DayOfWeek.SUNDAY);
        assertThat(Recurrence.day("Thursday")).contains(DayOfWeek.THURSDAY);
        assertThat(Recurrence.day("tu")).contains(DayOfWeek.TUESDAY);
        assertThat(Recurrence.day("t")).isEmpty();
        assertThat(Recurrence.day("funday")).isEmpty();
        assertThat(Recurrence.time("7:05")).contains(LocalTime.of(7, 5));
        assertThat(Recurrence.time("19.30")).contains(LocalTime.of(19, 30));
        assertThat(Recurrence.time("25:99")).isEmpty();
        assertThat(Recurrence.time("24:00")).isEmpty();
        assertThat(Recurrence.time("7pm")).isEmpty();
    }
}
