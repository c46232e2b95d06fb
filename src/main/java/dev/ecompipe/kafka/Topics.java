package dev.ecompipe.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Administrative look-ups and set-up of the pipeline's topics. */
public final class Topics implements AutoCloseable {

    private final Admin admin;

    public Topics(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(properties);
    }

    /**
     * Whether a Kafka cluster answers at these bootstrap servers: nothing listening (an unknown host, a closed
     * port) is known at once, and a broker that accepts connections gets a while to answer, since one busy
     * starting up or on a loaded machine can take seconds.
     */
    public static boolean answers(String bootstrapServers) {
        return brokerCount(bootstrapServers) > 0;
    }

    /** How many brokers the cluster at these bootstrap servers has, or 0 if it does not answer. */
    public static int brokerCount(String bootstrapServers) {
        if (!anyListens(bootstrapServers)) {
            return 0;
        }
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(properties)) {
            return admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean anyListens(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            int colon = server.strip().lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(server.strip().substring(0, colon),
                        Integer.parseInt(server.strip().substring(colon + 1))), 2_000);
                return true;
            } catch (IOException | RuntimeException e) {
                // the next one may listen
            }
        }
        return false;
    }

    /** Creates each topic that does not exist yet; existing topics are left as they are. */
    public void ensure(Map<String, Integer> partitionsByTopic) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            partitionsByTopic.forEach((topic, partitions) -> {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1)
                            .configs(Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024))));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Creating the Kafka topics failed: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("The Kafka brokers did not answer within 30 s while creating topics.", e);
        }
    }

    /** The offset the next record of each partition of the topic will get. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        return endOffsets(topic, 30_000);
    }

    /** As above, each of its two requests answered within {@code timeoutMillis}. */
    public Map<TopicPartition, Long> endOffsets(String topic, long timeoutMillis) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Reading the end offsets of " + topic + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the end offsets of " + topic, e);
        }
    }

    /** Each partition of the topic with its leader's node id, or "no leader", for a message when producing fails. */
    public String leaders(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            StringBuilder leaders = new StringBuilder();
            description.partitions().forEach(p -> leaders.append(leaders.isEmpty() ? "" : ", ").append(topic).append('-')
                    .append(p.partition()).append(": ").append(p.leader() == null || p.leader().isEmpty() ? "no leader" : "node " + p.leader().id()));
            return leaders.toString();
        } catch (ExecutionException | TimeoutException e) {
            return "not known (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not known (interrupted)";
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
