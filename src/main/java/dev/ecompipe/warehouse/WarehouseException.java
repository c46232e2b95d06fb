package dev.ecompipe.warehouse;

/** The warehouse could not do what was asked; a load that fails this way is retried, never dead-lettered. */
public class WarehouseException extends Exception {

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
