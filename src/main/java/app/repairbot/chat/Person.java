package app.repairbot.chat;

/** Someone who writes to the bot; a missing first name reads as "friend". */
public record Person(UserId id, String firstName) {
    public Person {
        if (id == null) {
            throw new IllegalArgumentException("a person needs an id");
        }
        firstName = firstName == null || firstName.isBlank() ? "friend" : firstName.strip();
    }
}
