package dev.ecompipe.order;

/** A message that breaks the order contract; the message is the readable reason sent with the dead letter. */
public class InvalidOrderException extends Exception {

    public InvalidOrderException(String reason) {
        super(reason, null, false, false);
    }
}
