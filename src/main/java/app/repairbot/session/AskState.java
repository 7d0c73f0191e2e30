package app.repairbot.session;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.repairbot.flow.Role;

/**
 * What belongs to the step a run rests on and goes when it moves on: the answers of a {@code both}
 * ask so far, the drafts the coach holds until their author chooses, the notices already given
 * (whose turn it is; to open a private chat first), and when a reminder is due. Immutable: a run
 * replaces it whole.
 *
 * @param partial answers of a {@code both} ask so far, per role
 * @param held answers the coach holds until their author taps "Use my words" or "Let me rephrase"
 * @param turnNoticeGiven whether someone was told, at this step, whose turn it is
 * @param toldToOpenPrivateChat who was told in the group, at this step, to open a private chat with the bot first
 * @param remindAt when the reminder of the question is due, if it has one
 */
public record AskState(Map<Role, String> partial, Map<Role, String> held, boolean turnNoticeGiven, Set<Role> toldToOpenPrivateChat,
                Optional<Instant> remindAt) {
    static final AskState NONE = new AskState(Map.of(), Map.of(), false, Set.of(), Optional.empty());

    public AskState {
        partial = frozen(partial);
        held = frozen(held);
        toldToOpenPrivateChat = toldToOpenPrivateChat.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(toldToOpenPrivateChat));
    }

    private static Map<Role, String> frozen(Map<Role, String> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(m));
    }

    AskState withPartial(Role role, String value) {
        return new AskState(with(partial, role, value), held, turnNoticeGiven, toldToOpenPrivateChat, remindAt);
    }

    AskState withHeld(Role role, String draft) {
        return new AskState(partial, with(held, role, draft), turnNoticeGiven, toldToOpenPrivateChat, remindAt);
    }

    AskState withoutHeld(Role role) {
        EnumMap<Role, String> m = held.isEmpty() ? new EnumMap<>(Role.class) : new EnumMap<>(held);
        m.remove(role);
        return new AskState(partial, m, turnNoticeGiven, toldToOpenPrivateChat, remindAt);
    }

    AskState withTurnNotice(boolean given) {
        return new AskState(partial, held, given, toldToOpenPrivateChat, remindAt);
    }

    AskState withToldToOpenPrivateChat(Role role) {
        EnumSet<Role> s = EnumSet.noneOf(Role.class);
        s.addAll(toldToOpenPrivateChat);
        s.add(role);
        return new AskState(partial, held, turnNoticeGiven, s, remindAt);
    }

    AskState withRemindAt(Optional<Instant> at) {
        return new AskState(partial, held, turnNoticeGiven, toldToOpenPrivateChat, at);
    }

    private static Map<Role, String> with(Map<Role, String> m, Role role, String value) {
        EnumMap<Role, String> copy = m.isEmpty() ? new EnumMap<>(Role.class) : new EnumMap<>(m);
        copy.put(role, value);
        return copy;
    }
}
