package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.Role;
import app.repairbot.session.Session;
import app.repairbot.session.SessionSnapshot;

/**
 * The stored session format. {@code store/session-document.json} is a session with every field set,
 * as the codec wrote it when it lived in the engine ({@code SessionDocuments}): it must read, and
 * write back the same fields, in the same order, with the same BSON types.
 */
class SessionCodecTests {
    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private static String stored() throws IOException {
        try (InputStream in = SessionCodecTests.class.getResourceAsStream("/store/session-document.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static Document encode(SessionSnapshot s, java.util.function.UnaryOperator<String> seal) {
        return new Document(SessionCodec.toDocument(s, Session.restore(s).nextDue(), seal));
    }

    @Test
    void writesASessionBackExactlyAsEarlierVersionsStoredIt() throws IOException {
        String earlier = stored();
        SessionSnapshot read = SessionCodec.fromDocument(Document.parse(earlier), t -> t);
        assertThat(encode(read, t -> t).toJson(EXACT)).isEqualTo(earlier);
    }

    @Test
    void keepsWhoAskedToReplaceAndWhetherThePausesOwnerWasAsked() throws IOException {
        Document later = Document.parse(stored());
        later.put("replaceAskedBy", 2L);
        later.get("run", Document.class).put("pauseOwnerAsked", true);
        SessionSnapshot read = SessionCodec.fromDocument(later, t -> t);
        assertThat(read.replaceAskedBy()).contains(new UserId(2));
        assertThat(read.run().orElseThrow().pause()).hasValueSatisfying(p -> assertThat(p.ownerAsked()).isTrue());
        SessionSnapshot again = SessionCodec.fromDocument(encode(read, t -> t), t -> t);
        assertThat(again.replaceAskedBy()).contains(new UserId(2));
        assertThat(again.run().orElseThrow().pause()).hasValueSatisfying(p -> assertThat(p.ownerAsked()).isTrue());
    }

    @Test
    void readsEveryPartOfAStoredSession() throws IOException {
        SessionSnapshot s = SessionCodec.fromDocument(Document.parse(stored()), t -> t);
        assertThat(s.chat()).isEqualTo(new ChatId(-1001234));
        assertThat(s.version()).isEqualTo(7);
        assertThat(s.applied()).containsExactly(101L, 102L, -5L);
        assertThat(s.appliedFloor()).isEqualTo(99);
        assertThat(s.forgetQuestion()).hasValueSatisfying(q -> {
            assertThat(q.seq()).isEqualTo(12);
            assertThat(q.votes()).containsExactlyInAnyOrder(new UserId(1), new UserId(2));
        });
        assertThat(s.menu()).isEqualTo(-3);
        assertThat(s.pendingReplace()).contains(new FlowId("impact"));
        assertThat(s.inactive()).isTrue();
        assertThat(s.care().holders()).containsExactly(new UserId(1));
        assertThat(s.care().therapyHintAt()).contains(Instant.parse("2026-02-01T09:30:00Z"));
        assertThat(s.outbox()).hasSize(2);
        assertThat(s.outbox().get(1).reply().background()).isTrue();
        assertThat(s.outbox().get(0).reply().addressedTo()).hasValueSatisfying(p -> assertThat(p.firstName()).isEqualTo("Alex"));
        assertThat(s.followUps()).singleElement().satisfies(f -> assertThat(f.before().get("step").value()).isEqualTo("I will listen."));
        SessionSnapshot.RunState run = s.run().orElseThrow();
        assertThat(run.answers().keySet()).as("answers in the order they came").containsExactly("story", "feel");
        assertThat(run.ask().held()).containsEntry(Role.PARTNER, "You never listen");
        assertThat(run.pause()).hasValueSatisfying(p -> {
            assertThat(p.owner()).contains(new UserId(2));
            assertThat(p.ready()).containsExactly(Role.STARTER);
        });
        assertThat(Session.restore(s).nextDue()).contains(Instant.parse("2026-03-03T10:00:00Z"));
    }

    @Test
    void sealsEveryFreeTextAndOpensItAgain() throws IOException {
        SessionSnapshot s = SessionCodec.fromDocument(Document.parse(stored()), t -> t);
        Document sealed = encode(s, t -> "sealed(" + t.length() + ")");
        assertThat(sealed.toJson()).doesNotContain("We stop talking", "Alone.", "Earlier words", "Half of it", "You never listen",
                "I will listen", "what happened", "Help is here");
        Document reversible = encode(s, t -> new StringBuilder(t).reverse().toString());
        assertThat(SessionCodec.fromDocument(reversible, t -> new StringBuilder(t).reverse().toString())).isEqualTo(s);
    }

    @Test
    void aNewSessionLeavesTheOptionalFieldsOutAndReadsBackTheSame() {
        SessionSnapshot empty = new Session(new ChatId(5)).snapshot();
        Document d = encode(empty, t -> t);
        assertThat(d.keySet()).doesNotContainAnyElementsOf(SessionCodec.OPTIONAL_FIELDS);
        assertThat(d.get("_id")).isEqualTo(5L);
        assertThat(SessionCodec.fromDocument(d, t -> t)).isEqualTo(empty);
    }

    @Test
    void aDocumentOfAnotherShapeIsUnreadableAndNamesItsChat() {
        Document broken = new Document("_id", 9L).append("version", 1L).append("seq", "twelve");
        assertThatThrownBy(() -> SessionCodec.fromDocument(broken, t -> t)).isInstanceOf(SessionCodec.UnreadableSession.class)
                .hasMessageContaining("session 9");
    }
}
