package dev.awsref.analytics.aggregate;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.TopologyNames;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

@Configuration(proxyBeanMethods = false)
class AggregateConfiguration {

    @Bean
    RedisAggregates redisAggregates(StringRedisTemplate redis, TopologyNames names, AnalyticsProperties properties) {
        return new RedisAggregates(
                redis,
                names.redisNamespace(),
                properties.aggregates().recentEvents(),
                properties.aggregates().duplicateWindow());
    }

    @Bean
    DailyActivityTable dailyActivityTable(DynamoDbAsyncClient dynamo, TopologyNames names) {
        return new DailyActivityTable(dynamo, names.dailyTable());
    }
}
