package app.repairbot.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks a parsed flow as a whole: its id against the file, references between steps,
 * reachability, dead ends, loops that wait for no one, roles, and that every template
 * variable is saved on every path to the text that uses it.
 */
final class FlowChecker {
    private static final Pattern COMPLAINT = Pattern.compile(
            "\\b(bother|bothered|bothers|hurt|upset|complain|complaint|frustrat\\w*|annoy\\w*|impact|resent\\w*)",
            Pattern.CASE_INSENSITIVE);

    private final FlowParser.Draft d;
    private final YamlNodes yaml;

    private FlowChecker(FlowParser.Draft draft, YamlNodes yaml) {
        this.d = draft;
        this.yaml = yaml;
    }

    /** The flow, when the file has no errors (warnings are added to {@code problems} either way). */
    static Optional<Flow> check(FlowParser.Draft draft, List<Problem> problems) {
        new FlowChecker(draft, new YamlNodes(draft.file, problems, draft.text)).run();
        boolean failed = !draft.complete || draft.id == null || draft.audience == null
                || problems.stream().anyMatch(p -> p.isError() && p.file().equals(draft.file));
        if (failed) {
            return Optional.empty();
        }
        return Optional.of(new Flow(new FlowId(draft.id), draft.title, draft.description, draft.audience,
                Optional.ofNullable(draft.command), draft.start, draft.expire, Optional.ofNullable(draft.onExpire),
                draft.steps, draft.file, draft.version));
    }

    private void run() {
        String stem = d.file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (d.id != null && !d.id.equals(stem)) {
            yaml.error(d.at.get("id"), "id '" + d.id + "' does not match the file name '" + d.file.getFileName()
                    + "': rename the file to " + d.id + ".yaml or set id: " + stem);
        }
        if (d.stepIds.isEmpty()) {
            return;
        }
        if (d.start == null) {
            d.start = d.stepIds.get(0);
        } else if (!d.stepIds.contains(d.start)) {
            yaml.error(d.at.get("start"), "start '" + d.start + "' is not a step" + known(d.start));
            d.complete = false;
        }
        for (Step s : d.steps.values()) {
            List<String> targets = s.targets();
            for (int i = 0; i < targets.size(); i++) {
                String t = targets.get(i);
                if (!t.equals(Step.END) && !d.stepIds.contains(t)) {
                    yaml.error(where(s, t), "step '" + s.id() + "' goes to unknown step '" + t + "'" + known(t));
                    d.complete = false;
                }
            }
        }
        roles();
        if (!d.complete) {
            return;
        }
        Set<String> reachable = reachable();
        for (String id : d.stepIds) {
            if (!reachable.contains(id)) {
                yaml.error(d.at.get("steps." + id), "step '" + id + "' is unreachable: no step goes to it from '"
                        + d.start + "'; point a 'next' at it or remove it");
            }
        }
        Set<String> ending = canEnd();
        for (String id : d.stepIds) {
            if (reachable.contains(id) && !ending.contains(id)) {
                yaml.error(d.at.get("steps." + id), "no end can be reached from step '" + id
                        + "': the flow would go round forever; give one of its steps 'next: end' or an end step");
            }
        }
        loopsWithoutWaiting(reachable);
        variables(reachable);
        coachWarning();
        recapWarning();
    }

    private Node where(Step s, String target) {
        String base = "steps." + s.id();
        if (s instanceof Step.Ask a) {
            for (int i = 0; i < a.options().size(); i++) {
                if (a.options().get(i).next().filter(target::equals).isPresent()) {
                    return d.at("steps." + s.id() + ".options." + i + ".next", base);
                }
            }
        }
        if (s instanceof Step.Branch b) {
            for (int i = 0; i < b.cases().size(); i++) {
                if (b.cases().get(i).next().equals(target)) {
                    return d.at(base + ".branch." + i + ".next", base);
                }
            }
            return d.at(base + ".else", base);
        }
        return d.at(base + ".next", base);
    }

    private String known(String wrong) {
        return YamlNodes.suggestion(wrong, d.stepIds).replace(": did you mean", "; did you mean").replace("?", "")
                + " (known: " + String.join(", ", d.stepIds) + ")";
    }

    private void roles() {
        if (d.audience != Audience.PRIVATE) {
            for (Step s : d.steps.values()) {
                if (s instanceof Step.Share share) {
                    yaml.error(d.at("steps." + share.id() + ".share", "steps." + share.id()), "share step '" + share.id()
                            + "' is in a couple flow, where everything is already in the group: share steps belong "
                            + "in private flows (audience: private)");
                }
            }
            return;
        }
        for (Step s : d.steps.values()) {
            if (s instanceof Step.Ask a) {
                Node at = d.at("steps." + a.id() + ".ask", "steps." + a.id());
                if (a.who() == Who.BOTH || a.who() == Who.PARTNER || a.who() == Who.EITHER) {
                    yaml.error(at, "step '" + a.id() + "' asks " + a.who().yamlName() + ", but a private flow has "
                            + "only one person: use ask: starter, or make the flow audience: couple");
                }
                if (a.sealed() && !a.coachPrivately()) {
                    yaml.error(d.at("steps." + a.id() + ".sealed", "steps." + a.id()), "step '" + a.id()
                            + "' is sealed, but a private flow is already private: remove sealed");
                }
            }
        }
    }

    private Map<String, List<String>> predecessors() {
        return predecessors(d.steps);
    }

    private static Map<String, List<String>> predecessors(Map<String, Step> steps) {
        Map<String, List<String>> preds = new HashMap<>();
        for (Step s : steps.values()) {
            for (String t : s.targets()) {
                preds.computeIfAbsent(t, k -> new ArrayList<>()).add(s.id());
            }
        }
        return preds;
    }

    private Set<String> reachable() {
        return reachable(d.steps, d.start);
    }

    private static Set<String> reachable(Map<String, Step> steps, String start) {
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (id.equals(Step.END) || !seen.add(id)) {
                continue;
            }
            todo.addAll(steps.get(id).targets());
        }
        return seen;
    }

    private Set<String> canEnd() {
        Map<String, List<String>> preds = predecessors();
        Set<String> ok = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        for (Step s : d.steps.values()) {
            if (s instanceof Step.End || s instanceof Step.Goto || s.targets().contains(Step.END)) {
                todo.add(s.id());
            }
        }
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (ok.add(id)) {
                todo.addAll(preds.getOrDefault(id, List.of()));
            }
        }
        return ok;
    }

    private void loopsWithoutWaiting(Set<String> reachable) {
        Map<String, Integer> colour = new HashMap<>();
        for (String id : reachable) {
            // One such loop is reported; the search stops there, leaving marks that a second search would misread.
            if (!d.steps.get(id).waits() && findLoop(id, colour, new ArrayDeque<>())) {
                return;
            }
        }
    }

    private boolean findLoop(String id, Map<String, Integer> colour, ArrayDeque<String> path) {
        Integer c = colour.get(id);
        if (c != null) {
            if (c == 1) {
                List<String> cycle = new ArrayList<>(path);
                Node at = d.at.get("steps." + id);
                yaml.error(at, "steps " + String.join(" -> ", cycle.subList(cycle.indexOf(id), cycle.size())) + " -> " + id
                        + " go round without waiting for anyone; put an ask or pause in the loop");
                return true;
            }
            return false;
        }
        colour.put(id, 1);
        path.addLast(id);
        for (String t : d.steps.get(id).targets()) {
            if (!t.equals(Step.END) && !d.steps.get(t).waits() && findLoop(t, colour, path)) {
                return true;
            }
        }
        path.removeLast();
        colour.put(id, 2);
        return false;
    }

    private static Set<String> saves(Step s) {
        if (s instanceof Step.Ask a && a.save() != null) {
            return a.who() == Who.BOTH ? Set.of("starter." + a.save(), "partner." + a.save()) : Set.of(a.save());
        }
        return Set.of();
    }

    /**
     * For each step reachable from {@code start}: the answers saved on every path to it (before
     * it runs). A follow-up's {@code before.NAME} is checked against this at its scheduling end.
     */
    static Map<String, Set<String>> savedOnEveryPath(Map<String, Step> steps, String start) {
        Set<String> reachable = reachable(steps, start);
        Set<String> universe = new HashSet<>();
        steps.values().forEach(s -> universe.addAll(saves(s)));
        Map<String, List<String>> preds = predecessors(steps);
        Map<String, Set<String>> in = new HashMap<>();
        for (String id : reachable) {
            in.put(id, id.equals(start) ? new HashSet<>() : new HashSet<>(universe));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String id : reachable) {
                if (id.equals(start)) {
                    continue;
                }
                Set<String> meet = null;
                for (String p : preds.getOrDefault(id, List.of())) {
                    if (!reachable.contains(p)) {
                        continue;
                    }
                    Set<String> out = new HashSet<>(in.get(p));
                    out.addAll(saves(steps.get(p)));
                    if (meet == null) {
                        meet = out;
                    } else {
                        meet.retainAll(out);
                    }
                }
                if (meet != null && !meet.equals(in.get(id))) {
                    in.put(id, meet);
                    changed = true;
                }
            }
        }
        return in;
    }

    private void variables(Set<String> reachable) {
        Set<String> universe = new HashSet<>();
        d.steps.values().forEach(s -> universe.addAll(saves(s)));
        Map<String, Set<String>> in = savedOnEveryPath(d.steps, d.start);
        for (String id : reachable) {
            Step s = d.steps.get(id);
            Set<String> have = in.get(id);
            String what = "step '" + id + "'";
            if (s instanceof Step.Say say) {
                uses(say.text(), have, universe, what);
            } else if (s instanceof Step.Ask a) {
                uses(a.text(), have, universe, what);
                a.remind().ifPresent(r -> uses(r, have, universe, what));
                Set<String> withOwn = new HashSet<>(have);
                withOwn.addAll(saves(a));
                a.label().ifPresent(l -> uses(l, withOwn, universe, "the label of " + what));
            } else if (s instanceof Step.Pause p) {
                uses(p.text(), have, universe, what);
            } else if (s instanceof Step.Share share) {
                uses(share.text(), have, universe, what);
                Template shared = Template.parse("{{" + share.variable() + "}}");
                d.nodeOf.put(shared, d.at("steps." + id + ".share", "steps." + id));
                uses(shared, have, universe, what + " shares '" + share.variable() + "' and so");
            } else if (s instanceof Step.End e) {
                uses(e.text(), have, universe, what);
            } else if (s instanceof Step.Branch b) {
                for (Step.Case c : b.cases()) {
                    c.condition().variables(v -> {
                        Node at = d.nodeOf.getOrDefault(conditionWith(c.condition(), v), d.at.get("steps." + id));
                        if (v.startsWith(Template.BEFORE)) {
                            return;
                        }
                        if (!universe.contains(v)) {
                            yaml.error(at, "branch '" + id + "' tests '" + v + "', which no ask saves" + savedHint(v, universe));
                        } else if (!have.contains(v)) {
                            yaml.warning(at, "branch '" + id + "' tests '" + v + "', which is not saved on every path "
                                    + "to it; where it is not saved, the test is false");
                        }
                    });
                }
            }
        }
        if (d.onExpire != null) {
            Set<String> always = null;
            for (String id : reachable) {
                if (d.steps.get(id).waits()) {
                    Set<String> have = new HashSet<>(in.get(id));
                    if (always == null) {
                        always = have;
                    } else {
                        always.retainAll(have);
                    }
                }
            }
            uses(d.onExpire, always == null ? Set.of() : always, universe, "on_expire (which can fire at any question)");
        }
    }

    /** The innermost var condition that reads {@code var}, for its position. */
    private static Condition conditionWith(Condition c, String var) {
        List<Condition> inner = c instanceof Condition.Any a ? a.conditions()
                : c instanceof Condition.All a ? a.conditions()
                : c instanceof Condition.Not n ? List.of(n.condition()) : null;
        if (inner == null) {
            Set<String> vars = new HashSet<>();
            c.variables(vars::add);
            return vars.contains(var) ? c : null;
        }
        for (Condition x : inner) {
            Condition found = conditionWith(x, var);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private void uses(Template t, Set<String> have, Set<String> universe, String what) {
        Node at = d.nodeOf.get(t);
        for (String v : t.variables()) {
            if (v.equals("starter")) {
                continue;
            }
            if (v.equals("partner")) {
                if (d.audience == Audience.PRIVATE) {
                    yaml.variableError(at, v, what + " uses {{partner}}, but a private flow has only one person (the starter): "
                            + "write {{starter}}, or make the flow audience: couple");
                }
                continue;
            }
            if (d.audience == Audience.PRIVATE && (v.startsWith("partner.") || v.startsWith(Template.BEFORE + "partner."))) {
                yaml.variableError(at, v, what + " uses {{" + v + "}}, but a private flow has no partner: write {{"
                        + v.replace("partner.", "") + "}}, or make the flow audience: couple");
                continue;
            }
            if (v.startsWith(Template.BEFORE)) {
                // What the scheduling run saved: checked against each flow that schedules this one (FlowCatalog).
                continue;
            }
            if (!universe.contains(v)) {
                yaml.variableError(at, v, what + " uses {{" + v + "}}, which no ask saves" + savedHint(v, universe));
            } else if (!have.contains(v)) {
                yaml.variableError(at, v, what + " uses {{" + v + "}}, which is not saved on every path to it: "
                        + "ask for it on every way there, or move the text after the ask");
            }
        }
    }

    private static String savedHint(String v, Set<String> universe) {
        if (universe.contains("starter." + v)) {
            return "; it is saved by a 'both' ask, so write {{starter." + v + "}} or {{partner." + v + "}}";
        }
        return universe.isEmpty() ? " (no ask saves anything yet): add an ask with a 'save' before it" : YamlNodes.suggestion(v, universe)
                .replace(": did you mean", "; did you mean") + " (saved: " + String.join(", ", new TreeSet<>(universe)) + ")";
    }

    /** A recap with no labelled ask lists every answer with only who gave it: it reads like a form. */
    private void recapWarning() {
        boolean labelled = d.steps.values().stream().anyMatch(s -> s instanceof Step.Ask a && a.label().isPresent());
        for (Step s : d.steps.values()) {
            if (s instanceof Step.End e && e.recap() && !labelled) {
                yaml.warning(d.at("steps." + e.id() + ".recap", "steps." + e.id()), "step '" + e.id() + "' has a recap, but no ask "
                        + "has a 'label': the recap will list every answer with only who gave it, which reads like a form; "
                        + "add label: \"…\" to the asks it should show");
                return;
            }
        }
    }

    private void coachWarning() {
        boolean coached = d.steps.values().stream().anyMatch(s -> s instanceof Step.Ask a && a.coach());
        if (coached) {
            return;
        }
        for (Step s : d.steps.values()) {
            if (s instanceof Step.Ask a && a.options().isEmpty() && COMPLAINT.matcher(a.text().source()).find()) {
                yaml.warning(d.nodeOf.getOrDefault(a.text(), d.at.get("steps." + a.id())), "step '" + a.id()
                        + "' seems to ask for a complaint, and the flow has no 'coach: true' ask: consider coaching it");
                return;
            }
        }
    }
}
