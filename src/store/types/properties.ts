// Properties (项目): the estates a company runs, the people who serve each, and the chat groups bound to each.

export interface Property {
  id: number;
  name: string;
  /** Other names and address words that identify it (阳光苑, 阳光). */
  aliases: string[];
}

export interface ChatBinding {
  platform: string;
  chatId: string;
  propertyId: number;
  boundById: number | null;
  boundAt: Date;
}

export interface PropertyStore {
  list(): Promise<Property[]>;
  byId(id: number): Promise<Property | null>;
  /** By exact name. */
  byName(name: string): Promise<Property | null>;
  /** Creates the property, or updates its aliases. */
  upsert(name: string, aliases: readonly string[]): Promise<Property>;
  rename(id: number, name: string, aliases: readonly string[]): Promise<Property>;
  /** The property a chat group is bound to. */
  bindingOf(platform: string, chatId: string): Promise<ChatBinding | null>;
  /** Binds (or re-binds) a chat group. */
  bind(binding: ChatBinding): Promise<void>;
  /** The groups bound to a property. */
  bindingsFor(propertyId: number): Promise<ChatBinding[]>;
  /** Replaces the properties a person serves (empty: all of them). */
  setServed(personId: number, propertyIds: readonly number[]): Promise<void>;
}
