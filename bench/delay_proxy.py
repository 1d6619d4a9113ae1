#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# delay_proxy.py PORT_FILE TARGET_PORT DELAY_MS: listen on a free loopback
# port (written to PORT_FILE) and forward each connection to 127.0.0.1:
# TARGET_PORT, holding every chunk DELAY_MS in each direction, in order: a
# server one round trip of 2 * DELAY_MS away.
import asyncio
import sys


async def pump(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(send())
    while True:
        try:
            data = await reader.read(1 << 16)
        except ConnectionError:
            data = b""
        await queue.put((loop.time() + delay, data))
        if not data:
            break
    await sender


async def main():
    port_file, target, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000

    async def serve(creader, cwriter):
        sreader, swriter = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(pump(creader, swriter, delay),
                             pump(sreader, cwriter, delay),
                             return_exceptions=True)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    with open(port_file, "w") as f:
        f.write("%d\n" % server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()

asyncio.run(main())
