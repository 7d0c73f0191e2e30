package app.repairbot.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/**
 * What a turn in one chat sets going in a person's other chats, each in a save of its own once
 * that turn is saved: a safety flag written privately pauses or holds each of their groups; a
 * hold is remembered in (and lifted from) the private chat of the person who raised it; /forget
 * deletes (all but that memory of a hold); a private chat the bot can no longer reach is said so in groups that await it.
 */
final class AcrossChats {
    private final SessionStore store;
    private final SessionUpdates updates;
    private final CoupleDirectory couples;
    private final FeatureCommands commands;
    private final OtherChats others;
    private final Conversation conversation;
    private final Clock clock;

    AcrossChats(SessionStore store, SessionUpdates updates, CoupleDirectory couples, FeatureCommands commands,
                OtherChats others, Conversation conversation, Clock clock) {
        this.store = store;
        this.updates = updates;
        this.couples = couples;
        this.commands = commands;
        this.others = others;
        this.conversation = conversation;
        this.clock = clock;
    }

    /** What follows the saved turn {@code t} (begun by {@code who}) in their other chats; returns what those saves queued. */
    List<Outgoing> after(Turn t, UserId who, FlowCatalog flows) {
        List<Outgoing> queued = new ArrayList<>();
        t.flaggedPrivately().ifPresent(concern -> queued.addAll(inEachGroupOf(who, flows,
                (c, turn) -> c.respondInGroup(turn, who, concern))));
        if (t.raisedAHold()) {
            rememberHold(who, true);
        }
        if (t.liftsHold()) {
            rememberHold(who, false);
            queued.addAll(inEachGroupOf(who, flows, (c, turn) -> c.liftHoldFor(turn, who)));
        }
        return queued;
    }

    /** A person's private chat is closed to the bot: their groups awaiting them privately say how to open it. */
    void privateChatUnreachable(UserId user, FlowCatalog flows) {
        // What this queues goes out with the next sweep of outboxes; nothing here is waiting on it.
        inEachGroupOf(user, flows, (c, turn) -> c.cannotWritePrivatelyTo(turn, user));
    }

    /**
     * Deletes what /forget covers. The confirmation is returned to be sent but not stored: it is
     * the one reply no document keeps, so that nothing is left that concerns the person.
     */
    List<Outgoing> forget(Forgetting.Forget what, ChatId where) {
        String text;
        if (what instanceof Forgetting.ForgetPerson p) {
            // First the private chat, in one save: emptied, keeping only a hold the person raised. Then the groups, whose
            // hold is by then kept privately, so that no failure in between leaves the hold nowhere.
            boolean held = forgetAllButTheHold(p.user());
            int groups = 0;
            for (Couple couple : couples.of(p.user())) {
                forgetGroup(couple.group());
                groups++;
            }
            text = Wording.forgotPerson(groups, held);
        } else {
            ChatId group = ((Forgetting.ForgetCouple) what).group();
            boolean running = store.load(group).run().isPresent();
            forgetGroup(group);
            text = Wording.forgotCouple(running);
        }
        return List.of(Outgoing.unstored(where, BotReply.say(where, text)));
    }

    /**
     * Replaces the person's private chat with an empty one that keeps only the hold they raised, if any (deleting it
     * otherwise): the one thing /forget keeps, since deleting it would let the partner pair again and start joint
     * exercises with someone who said they were unsafe. Decided and saved against the chat as it was read, so a
     * /resume saved in between is not undone. True when a hold was kept.
     */
    private boolean forgetAllButTheHold(UserId user) {
        ChatId chat = ChatId.privateOf(user);
        return updates.retry(() -> "the private chat of a person forgetting everything kept changing", () -> {
            Session stored = store.load(chat);
            if (!others.holdsAHold(user, stored)) {
                store.delete(chat);
                return Optional.of(false);
            }
            Session holdOnly = Session.afresh(chat, stored.version());
            holdOnly.care().hold(user);
            return store.save(holdOnly) ? Optional.of(true) : Optional.empty();
        });
    }

    /** A group's session, its couple, and what other features keep about it (its schedules, for one). */
    private void forgetGroup(ChatId group) {
        store.delete(group);
        couples.remove(group);
        commands.forget(group);
    }

    /**
     * Keeps (or drops) the fact that this person raised a hold in their own private chat's session, so
     * that the hold outlives a couple deleted by the other partner's /forget and comes back if they
     * pair again. Only who may lift it is kept, as in the group.
     */
    private void rememberHold(UserId user, boolean held) {
        updates.update(ChatId.privateOf(user), () -> "the private chat of a person raising or lifting a safety hold kept changing", s -> {
            if (s.care().heldBy(user) == held) {
                return SessionUpdates.done(Boolean.TRUE);
            }
            if (held) {
                s.care().hold(user);
            } else {
                s.care().lift(user);
            }
            return SessionUpdates.save(Boolean.TRUE);
        });
    }

    /**
     * Does {@code what} in the session of each group the person shares with a partner, saving each
     * that it changed (reloading and doing it again if another write came first); returns what
     * those saves queued.
     */
    private List<Outgoing> inEachGroupOf(UserId user, FlowCatalog flows, BiConsumer<Conversation, Turn> what) {
        List<Outgoing> queued = new ArrayList<>();
        for (Couple couple : couples.of(user)) {
            Optional<Turn> saved = updates.update(couple.group(), () -> "group " + couple.group() + " kept changing", group -> {
                Turn t = new Turn(group, clock.instant(), flows);
                what.accept(conversation, t);
                if (!t.worthSaving()) {
                    return SessionUpdates.done(Optional.empty());
                }
                t.queueReplies();
                return SessionUpdates.save(Optional.of(t));
            });
            saved.ifPresent(t -> {
                t.countSaved();
                queued.addAll(t.queued());
            });
        }
        return queued;
    }
}
