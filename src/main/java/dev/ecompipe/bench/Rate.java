package dev.ecompipe.bench;

/** A count of something done in a number of seconds. */
record Rate(long count, double seconds) {

    static Rate since(long count, long startedNanos) {
        return new Rate(count, (System.nanoTime() - startedNanos) / 1e9);
    }

    double perSecond() {
        return seconds <= 0 ? 0 : count / seconds;
    }
}
