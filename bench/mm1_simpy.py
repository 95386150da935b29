#!/usr/bin/python3
"""M/M/1 queue in SimPy 3, the peer of bench/mm1.yaml (issue 24).

Arrivals 0.9 an hour (Poisson), exponential service of mean 1 hour, one
server (simpy.Resource of capacity 1), first come first served: rho = 0.9 and
the mean wait in the queue is Wq = rho / (mu - lambda) = 9 hours. Prints the
customers served, the mean wait and the in-process wall and CPU seconds.

  /usr/bin/python3 bench/mm1_simpy.py [--customers 1000000] [--seed 1]
"""
import argparse
import random
import time

import simpy


def customer(env, server, service_rng, mean_service, waits):
    arrived = env.now
    with server.request() as request:
        yield request
        waits.append(env.now - arrived)
        yield env.timeout(service_rng.expovariate(1.0 / mean_service))


def source(env, server, customers, arrival_rate, mean_service, rng, waits):
    for _ in range(customers):
        yield env.timeout(rng.expovariate(arrival_rate))
        env.process(customer(env, server, rng, mean_service, waits))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--arrival-rate", type=float, default=0.9, help="per hour")
    parser.add_argument("--mean-service", type=float, default=1.0, help="hours")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    wall, cpu = time.perf_counter(), time.process_time()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    waits = []
    env.process(source(env, server, args.customers, args.arrival_rate, args.mean_service, random.Random(args.seed), waits))
    env.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    rho = args.arrival_rate * args.mean_service
    theory = rho * args.mean_service / (1.0 - rho)
    print(f"customers {len(waits)}")
    print(f"mean_wait_hours {sum(waits) / len(waits):.4f}  (theory {theory:.4f})")
    print(f"in_process_wall_s {wall:.3f}")
    print(f"in_process_cpu_s {cpu:.3f}")


if __name__ == "__main__":
    main()
