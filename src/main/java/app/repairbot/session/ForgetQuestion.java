package app.repairbot.session;

import java.util.LinkedHashSet;
import java.util.Set;

import app.repairbot.chat.UserId;

/**
 * The /forget question open in a chat: the seq it was asked at (only a tap on that question
 * confirms), and who has confirmed so far (in a group, both partners must). Immutable: a session
 * replaces it whole, and drops it when the question is settled.
 */
public record ForgetQuestion(int seq, Set<UserId> votes) {
    public ForgetQuestion {
        if (seq <= 0) {
            throw new IllegalArgumentException("a /forget question is asked at a positive seq, not " + seq);
        }
        votes = Set.copyOf(new LinkedHashSet<>(votes));
    }

    static ForgetQuestion askedAt(int seq) {
        return new ForgetQuestion(seq, Set.of());
    }

    ForgetQuestion withVote(UserId user) {
        Set<UserId> more = new LinkedHashSet<>(votes);
        more.add(user);
        return new ForgetQuestion(seq, more);
    }
}
