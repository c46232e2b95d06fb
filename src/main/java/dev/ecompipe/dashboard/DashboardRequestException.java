package dev.ecompipe.dashboard;

/** A request the dashboard's JSON routes refuse: the HTTP status to answer and the reason, for a person. */
final class DashboardRequestException extends RuntimeException {

    private final int status;

    DashboardRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
