package dev.modelgate.runner.apisix;

import com.google.common.cache.Cache;
import org.apache.apisix.plugin.runner.A6Conf;
import org.apache.apisix.plugin.runner.A6ConfigWatcher;
import org.apache.apisix.plugin.runner.filter.PluginFilter;
import org.apache.apisix.plugin.runner.handler.RpcCallHandler;
import org.apache.apisix.plugin.runner.server.ApplicationRunner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The core's socket server, unchanged except that calls go through {@link BulkBodyRpcCallHandler}. */
@Component
public class ModelgateSocketServer extends ApplicationRunner {

    public ModelgateSocketServer(Cache<Long, A6Conf> cache, ObjectProvider<PluginFilter> filters,
                                 ObjectProvider<A6ConfigWatcher> watchers) {
        super(cache, filters, watchers);
    }

    @Override
    public RpcCallHandler createA6HttpHandler(Cache<Long, A6Conf> cache) {
        return new BulkBodyRpcCallHandler(cache);
    }
}
