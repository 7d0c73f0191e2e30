package app.repairbot.engine;

import java.util.List;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/** Which chat's session an event belongs to: its own chat, or (for some private messages) a group of the person's. */
final class Routing {
    private final SessionStore store;
    private final CoupleDirectory couples;

    Routing(SessionStore store, CoupleDirectory couples) {
        this.store = store;
        this.couples = couples;
    }

    /**
     * Private messages and taps go to the partner's group when a sealed ask there waits for
     * them, or when the group already applied this very update (a redelivery must find the
     * session that remembers it); otherwise they belong to the private chat itself.
     */
    ChatId target(ChatEvent event, FlowCatalog flows) {
        boolean start = event.payload() instanceof ChatEvent.Command c && c.name().equals("start");
        boolean ownTap = event.payload() instanceof ChatEvent.Tap t
                && ButtonData.parse(t.data()).filter(ButtonData::answersWhereTapped).isPresent();
        if (event.chatKind() == ChatKind.GROUP || event.payload() instanceof ChatEvent.Command && !start || ownTap) {
            // A private chat's own buttons (/forget's question, the hold's, its practice menu) answer there, never in a group.
            return event.chat();
        }
        List<Couple> theirs = couples.of(event.from().id());
        // First by the copies kept in memory; then, before deciding it belongs to no group (which no later
        // save would check), by the stored sessions: another instance may have asked for it meanwhile.
        for (boolean fresh : new boolean[] {false, true}) {
            for (Couple couple : theirs) {
                Session group = fresh ? store.loadFresh(couple.group()) : store.load(couple.group());
                if (group.alreadyApplied(event.updateId()) || Asking.awaitsPrivately(group, flows, event.from().id())
                        || start && group.care().owesHelpTo(event.from().id())) {
                    return couple.group();
                }
            }
        }
        return event.chat();
    }
}
