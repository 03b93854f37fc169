// In-memory state of a Web PubSub hub. Group membership is per connection: adding a user to a group
// adds the user's current connections.
import { HubIndex } from '../shared/hub-index.js';
import type { WpsConnection } from './connection.js';

export class WpsHub extends HubIndex<WpsConnection> {
  groupMembers(group: string): ReadonlySet<WpsConnection> {
    return this.directMembers(group);
  }
}
