// The worker host arrives with the worker branch; this placeholder keeps the protocol building meanwhile.
return 0;
