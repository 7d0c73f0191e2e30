package app.repairbot.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.flow.Flow;
import app.repairbot.flow.Step;
import app.repairbot.flow.Who;
import app.repairbot.session.FlowRun;

/**
 * The recap an end step with {@code recap: true} shows, in the order the answers were given. When
 * any ask of the flow has a label, exactly the labelled answers, each introduced by its label (a
 * {@code both} ask: one line per partner, with their name); otherwise every answer with who gave
 * it. A tapped answer shows its button's label; a variable's name never shows.
 */
final class Recap {
    private Recap() {
    }

    static List<String> lines(Flow flow, FlowRun run) {
        boolean labelled = flow.steps().values().stream().anyMatch(s -> s instanceof Step.Ask a && a.label().isPresent());
        List<String> lines = new ArrayList<>();
        run.answers().forEach((key, a) -> {
            Optional<Step.Ask> ask = askSaving(flow, key);
            String shown = Wording.quote(ask.map(x -> x.shown(a.value())).orElse(a.value()));
            if (!labelled) {
                lines.add(a.byName() + ": " + shown);
                return;
            }
            if (ask.isEmpty() || ask.get().label().isEmpty()) {
                return;
            }
            String label = Wording.render(run, ask.get().label().get()).strip();
            lines.add(ask.get().who() == Who.BOTH ? label + " (" + a.byName() + "): " + shown : label + ": " + shown);
        });
        return lines;
    }

    /** The ask that saves an answer's key ({@code starter.NAME} and {@code partner.NAME} for a both ask). */
    private static Optional<Step.Ask> askSaving(Flow flow, String key) {
        int dot = key.indexOf('.');
        String bare = dot < 0 ? key : key.substring(dot + 1);
        return flow.steps().values().stream().filter(s -> s instanceof Step.Ask).map(s -> (Step.Ask) s)
                .filter(a -> a.who() == Who.BOTH ? dot >= 0 && a.save().equals(bare) : a.save().equals(key)).findFirst();
    }
}
