package app.repairbot.flow;

/** Draws a flow as a Mermaid {@code stateDiagram-v2}, for authors to see its shape. */
public final class MermaidGraph {
    private MermaidGraph() {
    }

    public static String of(Flow flow) {
        StringBuilder out = new StringBuilder("stateDiagram-v2\n");
        out.append("    %% ").append(flow.id()).append(": ").append(flow.title()).append('\n');
        for (Step s : flow.steps().values()) {
            String kind = s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            if (s instanceof Step.Branch) {
                out.append("    state ").append(node(s.id())).append(" <<choice>>\n");
            } else {
                String label = s.id() + " (" + kind + describe(s) + ")";
                out.append("    state \"").append(label.replace("\"", "'")).append("\" as ").append(node(s.id())).append('\n');
            }
        }
        out.append("    [*] --> ").append(node(flow.start())).append('\n');
        for (Step s : flow.steps().values()) {
            if (s instanceof Step.Ask a) {
                a.next().ifPresent(n -> edge(out, s.id(), n, stepNextLabel(a)));
                for (Step.Option o : a.options()) {
                    o.next().ifPresent(n -> edge(out, s.id(), n, o.label()));
                }
            } else if (s instanceof Step.Branch b) {
                for (Step.Case c : b.cases()) {
                    edge(out, s.id(), c.next(), c.condition().describe());
                }
                edge(out, s.id(), b.otherwise(), "else");
            } else if (s instanceof Step.Goto g) {
                out.append("    ").append(node(s.id())).append(" --> [*] : goto ").append(g.flow()).append('\n');
            } else if (s instanceof Step.End) {
                out.append("    ").append(node(s.id())).append(" --> [*]\n");
            } else {
                s.targets().forEach(t -> edge(out, s.id(), t, ""));
            }
        }
        return out.toString();
    }

    /** The answers that take an ask's own next: options without a next of their own, and typed text unless strict. */
    private static String stepNextLabel(Step.Ask a) {
        if (a.options().isEmpty()) {
            return "";
        }
        java.util.List<String> labels = new java.util.ArrayList<>(a.options().stream()
                .filter(o -> o.next().isEmpty()).map(Step.Option::label).toList());
        if (!a.strict()) {
            labels.add("typed answers");
        }
        return String.join(" / ", labels);
    }

    private static String describe(Step s) {
        if (s instanceof Step.Ask a) {
            return ": " + a.who().yamlName() + (a.sealed() ? ", sealed" : "") + (a.coach() ? ", coached" + (a.coachFor() == CoachPurpose.IMPACT ? "" : " for " + a.coachFor().yamlName()) : "");
        }
        if (s instanceof Step.Pause p) {
            return ": " + Durations.format(p.duration());
        }
        if (s instanceof Step.Share share) {
            return ": shares " + share.variable();
        }
        return "";
    }

    private static void edge(StringBuilder out, String from, String to, String label) {
        out.append("    ").append(node(from)).append(" --> ").append(to.equals(Step.END) ? "[*]" : node(to));
        if (!label.isEmpty()) {
            out.append(" : ").append(label.replace(":", " ").replace(";", ","));
        }
        out.append('\n');
    }

    private static String node(String id) {
        return id.replace('-', '_');
    }
}
