package app.repairbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many couples at once through the webhook, one instance, no fault: every reply is sent exactly
 * once. The larger run is {@link ExactlyOnceLoad#main} in the bench profile.
 */
class ExactlyOnceLoadTests {
    @TempDir
    Path data;

    @Test
    void everyCoupleReceivesEachReplyExactlyOnceWhenTwentyCouplesTalkAtOnce() throws Exception {
        ExactlyOnceLoad.Result r = ExactlyOnceLoad.run(20, 32, data, Duration.ofSeconds(90));
        System.out.println("exactly once, 20 couples: " + r.summary());

        assertThat(r.settled()).as("nothing left to send before the deadline: " + r.summary()).isTrue();
        assertThat(r.expected()).as("what a couple receives: the welcome (with \"I'm in\"), and the time-zone question")
                .anySatisfy((text, n) -> assertThat(text).startsWith("group | ").contains("\"callback_data\":\"pair\""))
                .anySatisfy((text, n) -> assertThat(text).startsWith("group | ").contains("tz:…"))
                .allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
        assertThat(r.anomalies()).as(r.summary()).isEmpty();
        assertThat(r.repliesSentCounter()).as("the bot's own count").isEqualTo(r.expectedTotal());
    }
}
