package app.repairbot.store.mongo;

import java.nio.file.Path;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import app.repairbot.store.embedded.EmbeddedMongo;

/**
 * A separate process for the kill -9 test: opens the embedded store, makes {@code n} acknowledged
 * inserts, says so, and waits to be killed. With {@code plain} it uses mongo-java-server's H2
 * backend as it comes, for measuring what the durable one fixes; {@code DIR count} prints how many
 * documents survived.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (args[1].equals("count")) {
            try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
                System.out.println("COUNT " + client.getDatabase("crash").getCollection("docs").countDocuments());
            }
            return;
        }
        int n = Integer.parseInt(args[1]);
        boolean plain = args.length > 2 && args[2].equals("plain");
        de.bwaldvogel.mongo.MongoServer plainServer = null;
        String uri;
        if (plain) {
            plainServer = new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(
                    dir.resolve(EmbeddedMongo.FILE).toString()));
            plainServer.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + plainServer.getLocalAddress().getPort();
        } else {
            uri = EmbeddedMongo.start(dir).connectionString();
        }
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> docs = client.getDatabase("crash").getCollection("docs");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                docs.insertOne(new Document("_id", i).append("text", "acknowledged write " + i));
            }
            System.out.println("ACKED " + n + " in " + (System.nanoTime() - t0) / 1000 + " us");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
