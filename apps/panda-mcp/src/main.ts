import 'reflect-metadata';
import { VERSION_PROBE } from '@panda-mcp/config';
console.log(VERSION_PROBE);
