package dev.ecompipe;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's options of {@code run} and {@code produce} become the settings the producer reads. */
class ProducerOptionsTest {

    @Test
    void eventTimeAndOrdersReachTheProducerSettingsOfRunAndProduce() {
        for (String command : new String[] {"run", "produce"}) {
            CommandLine.ParseResult parsed = new CommandLine(new Pipeline())
                    .parseArgs(command, "--orders", "5", "--event-time", "clock");
            Object subcommand = parsed.subcommand().commandSpec().userObject();
            Pipeline.ProducerOptions options = subcommand instanceof Pipeline.Run run ? run.producer
                    : ((Pipeline.Produce) subcommand).producer;

            assertThat(options.overrides()).as(command)
                    .containsEntry("producer.event-time", "clock")
                    .containsEntry("producer.orders", "5");
        }
    }

    @Test
    void withoutTheOptionTheSettingKeepsItsDefault() {
        CommandLine.ParseResult parsed = new CommandLine(new Pipeline()).parseArgs("produce", "--orders", "5");
        Pipeline.Produce produce = (Pipeline.Produce) parsed.subcommand().commandSpec().userObject();

        assertThat(produce.producer.overrides()).doesNotContainKey("producer.event-time");
    }
}
