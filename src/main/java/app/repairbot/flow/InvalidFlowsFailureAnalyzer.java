package app.repairbot.flow;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns invalid flows at start-up into the list of located errors, and what to do. */
final class InvalidFlowsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidFlowsException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidFlowsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the errors above (check with: java -jar target/repairbot.jar validate DIR), "
                        + "or point REPAIRBOT_FLOWS_DIR at a folder of valid flows.", cause);
    }
}
