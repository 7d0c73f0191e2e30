package app.repairbot.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Step;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;

/**
 * A {@code share} step of a practice: the only way anything from a private chat reaches a group.
 * It shows the saved answer as it would read there, with a button per group of the person's and
 * one to keep it private, and posts it only on its author's tap.
 */
final class Sharing {
    private final CoupleDirectory couples;
    private final OtherChats others;

    Sharing(CoupleDirectory couples, OtherChats others) {
        this.couples = couples;
        this.others = others;
    }

    /**
     * Shows the saved answer as it would read in the person's group, with a button to post it
     * there (one per group if they have several) and one to keep it private. False when they have
     * no couple, or every group of theirs is on a safety hold (nothing reaches a group then):
     * sharing is not offered.
     */
    boolean offer(Turn t, FlowRun run, Step.Share step) {
        List<Couple> all = couples.of(run.starter().id());
        List<Couple> theirs = all.stream().filter(c -> !others.groupOnHold(c.group())).toList();
        if (theirs.isEmpty()) {
            if (!all.isEmpty()) {
                t.say(Wording.NOT_SHARED_ON_HOLD);
            }
            return false;
        }
        int seq = t.session().seq();
        List<Button> buttons = new ArrayList<>();
        for (Couple couple : theirs) {
            String label = theirs.size() == 1 ? Wording.SHARE : Wording.shareWith(couple.other(run.starter().id()).firstName());
            buttons.add(new Button(label, ButtonData.share(seq, couple.group())));
        }
        buttons.add(new Button(Wording.KEEP_PRIVATE, ButtonData.keepPrivate(seq)));
        String intro = Wording.render(run, step.text());
        String preview = (intro.isBlank() ? Wording.SHARE_PREVIEW : intro) + "\n\n"
                + Wording.shared(run.starter().firstName(), run.value(step.variable()));
        t.post(BotReply.withButtons(t.chat(), preview, buttons));
        return true;
    }

    /**
     * A tap on "Share" (posts the answer in the chosen group of the author's) or "Keep it private".
     * True when the share step is done and the flow moves on; false when the tap came too late.
     */
    boolean tap(Turn t, Flow flow, FlowRun run, ButtonData b) {
        if (run.isPaused() || !(flow.step(run.step()) instanceof Step.Share step)) {
            t.notice(Wording.MOVED_ON);
            return false;
        }
        if (b.detail().equals("n")) {
            t.say(Wording.KEPT_PRIVATE);
            return true;
        }
        Optional<Couple> couple = b.detail().matches("-?\\d{1,19}")
                ? couples.inGroup(new ChatId(Long.parseLong(b.detail()))).filter(c -> c.has(run.starter().id()))
                : Optional.empty();
        if (couple.isEmpty()) {
            t.say(Wording.NO_GROUP_TO_SHARE_WITH);
            return true;
        }
        if (others.groupOnHold(couple.get().group())) {
            // Put on hold since the offer: nothing reaches that group until the hold is lifted.
            t.say(Wording.NOT_SHARED_ON_HOLD);
            return true;
        }
        t.post(BotReply.say(couple.get().group(), Wording.shared(run.starter().firstName(), run.value(step.variable()))));
        t.say(Wording.SHARED);
        return true;
    }
}
