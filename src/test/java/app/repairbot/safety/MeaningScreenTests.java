package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.repairbot.engine.Safety.Concern;

/** Both layers together, as the service runs them. */
class MeaningScreenTests {
    static final ScreeningSafety SCREEN = ScreeningSafety.full(new SafetySettings("", ""));

    @ParameterizedTest
    @ValueSource(strings = {"I have pills saved up in case I decide to go through with it", "I'm going to take all my pills tonight",
            "I've been thinking about ending things", "honestly everyone would be better off if i wasnt around",
            "i wrote letters for the kids last night"})
    void catchesCrisisAsPeopleWriteIt(String text) {
        assertThat(SCREEN.screen(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"he said he would kill me if I ever left", "she threatened to take the kids and said I'd regret it",
            "he checks my phone every night and tracks where I go", "my wife says she'll send my nudes to my boss if I leave",
            "he blocks the door so I can't leave when we argue"})
    void catchesAbuseAndFearAsPeopleWriteIt(String text) {
        assertThat(SCREEN.screen(text)).contains(Concern.ABUSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"this deadline is killing me", "I'd die for a holiday", "he controls the remote", "I'm afraid I hurt you",
            "she threatened to leave the party early", "We watched a film about a stalker last night, so creepy",
            "When you check your phone while I talk, I feel invisible. Could we put phones away at dinner?"})
    void leavesHardNegativesAlone(String text) {
        assertThat(SCREEN.screen(text)).isEmpty();
    }

    /**
     * Reading closely (after a recent flag in the same private chat) flags everything the usual
     * reading flags, and more; the figures are in {@code SafetyEvaluationTests}.
     */
    @Test
    void readingCloselyFlagsAllTheUsualReadingDoesAndMore() {
        List<SafetyCorpus.Example> texts = SafetyCorpus.read(SafetyEvaluationTests.HELD_OUT);
        int more = 0;
        for (SafetyCorpus.Example e : texts) {
            Optional<Concern> usual = SCREEN.screen(e.text());
            Optional<Concern> close = SCREEN.screenClosely(e.text());
            if (usual.isPresent()) {
                assertThat(close).as(e.text()).isPresent();
            } else if (close.isPresent()) {
                more++;
            }
        }
        assertThat(more).isGreaterThan(texts.size() / 50);
    }

    @Test
    void theModelKeepsBothThresholdsAndRefusesACloseOneBelowTheOther() {
        MeaningModel m = MeaningModel.load(MeaningModel.RESOURCE);
        assertThat(m.closeThreshold).isGreaterThan(m.threshold);
        float[] one = {0f};
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new MeaningModel(one, one, new float[][] {one, one, one}, new float[3], 0.3, 0.2, List.of()));
    }

    @Test
    void oneWordIsLeftToThePhraseLists() {
        MeaningScreen meaning = MeaningScreen.fromJar();
        assertThat(meaning.screen("forever")).isEmpty();
        assertThat(SCREEN.screen("suicidal")).contains(Concern.CRISIS);
    }

    @Test
    void badInputIsScreenedInBoundedTimeWithoutACrash() {
        List<String> texts = List.of("", "   ", "😭😭😭🙏💔", "x".repeat(4096), ("I can't do this anymore. " + "word ".repeat(60)).repeat(20)
                .substring(0, 4096), "Je ne sais plus quoi faire, ich will nicht mehr leben, I want to die", "\u0000\u202E\uFEFF",
                "a".repeat(60) + "!");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<Optional<Concern>> results = new ArrayList<>();
            for (String t : texts) {
                results.add(SCREEN.screen(t));
            }
            assertThat(results.get(0)).isEmpty();
            assertThat(results.get(1)).isEmpty();
            assertThat(results.get(5)).as("the English part of a mixed text").contains(Concern.CRISIS);
        });
    }

    @Test
    void longTextsAreScreenedInWindowsSoALateSentenceStillCounts() {
        String padding = "We talked about the dishes and the holiday plans and whose turn it is to call the plumber. ".repeat(8);
        assertThat(MeaningScreen.parts(padding + "I have a plan and a date.")).hasSizeGreaterThan(1)
                .allMatch(p -> p.length() <= MeaningScreen.WINDOW);
        assertThat(SCREEN.screen(padding + "I've been saving my pills and I know how many I'd need.")).isPresent();
    }

    /**
     * The model loads from the jar in a fresh process whose sockets all fail, with an empty home
     * folder (no cache of native libraries or models from an earlier run), and screens a text.
     */
    @Test
    void theModelLoadsFromTheJarWithTheNetworkUnreachable(@TempDir Path home) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = home.resolve("out.txt");
        Process p = new ProcessBuilder(java, "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                Offline.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("screened: CRISIS").contains("network refused");
    }

    /** Run in a child process: no socket can be opened and no proxy chosen; then the model loads and screens. */
    public static final class Offline {
        public static void main(String[] args) throws IOException {
            Socket.setSocketImplFactory(() -> {
                throw new IllegalStateException("network refused");
            });
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<java.net.Proxy> select(java.net.URI uri) {
                    throw new IllegalStateException("network refused: " + uri);
                }

                @Override
                public void connectFailed(java.net.URI uri, java.net.SocketAddress sa, IOException e) {
                }
            });
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", 9));
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
            MeaningScreen screen = MeaningScreen.fromJar();
            System.out.println("screened: " + screen.screen("i've been stockpiling my sleeping pills and i know how many i'd need").orElse(null));
        }
    }
}
