package dev.ecompipe.warehouse;

/** Another process holds the warehouse (a DuckDB file is opened by one process at a time). */
public class WarehouseInUseException extends WarehouseException {

    public WarehouseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
