package app.repairbot.engine;

import java.util.List;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/**
 * What a turn in one chat may know of a person's other chats, read from the store: whether they
 * ever opened a private chat with the bot, and the safety holds in their groups. Read only: a
 * turn changes its own session, and the engine carries a change to other chats in their own saves.
 */
final class OtherChats {
    private final SessionStore store;
    private final CoupleDirectory couples;

    OtherChats(SessionStore store, CoupleDirectory couples) {
        this.store = store;
        this.couples = couples;
    }

    /** Whether this person has ever opened a private chat with the bot (it keeps a session for it). */
    boolean hasPrivateChat(UserId user) {
        return store.load(ChatId.privateOf(user)).version() > 0;
    }

    /** Whether the person raised a hold they have not lifted (kept in their private chat's session, which only they can delete). */
    boolean carriesAHold(UserId user) {
        return store.load(ChatId.privateOf(user)).care().heldBy(user);
    }

    /** Whether this person raised a safety hold that is in force in one of their groups. */
    boolean holdsAHold(UserId user) {
        return holdsAHold(user, store.load(ChatId.privateOf(user)));
    }

    /** The same, given their private chat's session as just read (for a decision saved against that very read). */
    boolean holdsAHold(UserId user, Session privateChat) {
        return privateChat.care().heldBy(user) || couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().heldBy(user));
    }

    /** Whether one of this person's groups is on a safety hold (raised by anyone). */
    boolean isOnHold(UserId user) {
        return couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().onHold());
    }

    /** Whether one of this person's groups has ever been on a safety hold. */
    boolean everHeld(UserId user) {
        return couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().everHeld());
    }

    /** Whether this group is on a safety hold. */
    boolean groupOnHold(ChatId group) {
        return store.load(group).care().onHold();
    }

    /** The sessions of the groups this person shares with a partner, as stored now. */
    List<Session> groupsOf(UserId user) {
        return couples.of(user).stream().map(c -> store.load(c.group())).toList();
    }
}
