/** The catalogue's API: categories, items, products, card types, knowledge base, pictures and the handbook. */
import { api, unwrap, type Schemas } from '@/api/client';

export type Category = Schemas['Category'];
export type CategoryInput = Schemas['CategoryWriteRequest'];
export type ItemKind = Schemas['ItemKindEnum'];
export type ItemRow = Schemas['ItemList'];
export type ItemDetail = Schemas['ItemDetail'];
export type ItemInput = Schemas['ItemWriteRequest'];
export type ItemOptions = Schemas['ItemEditorOptions'];
export type Product = Schemas['Product'];
export type ProductInput = Schemas['ProductWriteRequest'];
export type ProductKind = Schemas['ProductKindEnum'];
export type CardType = Schemas['CardType'];
export type CardTypeInput = Schemas['CardTypeWriteRequest'];
export type CardKind = Schemas['CardKindEnum'];
export type RefundRule = Schemas['CardRefundRuleEnum'];
export type Article = Schemas['Article'];
export type ArticleKind = Schemas['ArticleKindEnum'];
export type ArticleInput = Schemas['ArticleCreateRequest'];
export type Case = Schemas['Case'];
export type CaseInput = Schemas['CaseCreateRequest'];
export type CatalogImage = Schemas['Image'];
export type HandbookIndex = Schemas['HandbookIndex'];
export type HandbookItem = Schemas['HandbookItem'];

export const ITEM_KINDS: ItemKind[] = ['energy', 'injection', 'surgery', 'skin', 'other'];
export const PRODUCT_KINDS: ProductKind[] = ['retail', 'consumable', 'both'];
export const CARD_KINDS: CardKind[] = ['count', 'combo', 'choice', 'stored_value'];
export const ARTICLE_KINDS: ArticleKind[] = ['indications', 'contraindications', 'process', 'aftercare', 'faq', 'other'];
/** The server's picture limit, checked here too so a large file is refused before it is sent. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Query keys. Everything under `catalog` is refreshed after a catalogue write that other lists show. */
export const catalogKeys = {
  all: ['catalog'] as const,
  categories: ['catalog', 'categories'] as const,
  items: (query: ItemQuery) => ['catalog', 'items', query] as const,
  item: (id: number) => ['catalog', 'item', id] as const,
  itemOptions: ['catalog', 'item-options'] as const,
  itemPicker: ['catalog', 'item-picker'] as const,
  products: (query: ListQuery) => ['catalog', 'products', query] as const,
  cards: (query: ListQuery) => ['catalog', 'cards', query] as const,
  articles: (item: number) => ['catalog', 'articles', item] as const,
  cases: (item: number) => ['catalog', 'cases', item] as const,
  handbook: ['catalog', 'handbook'] as const,
  handbookItem: (id: number) => ['catalog', 'handbook', id] as const,
};

export interface ListQuery {
  page?: number;
  page_size?: number;
  search?: string;
  is_active?: boolean;
  kind?: string[];
}

export interface ItemQuery {
  page?: number;
  page_size?: number;
  search?: string;
  is_active?: boolean;
  category?: number;
}

const byId = (id: number) => ({ params: { path: { id } } });

export const listCategories = () => unwrap(api.GET('/api/v1/catalog/categories/'));
export const createCategory = (body: CategoryInput) => unwrap(api.POST('/api/v1/catalog/categories/', { body }));
export const updateCategory = (id: number, body: Partial<CategoryInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/categories/{id}/', { ...byId(id), body }));
export const deleteCategory = (id: number) => unwrap(api.DELETE('/api/v1/catalog/categories/{id}/', byId(id)));

export const listItems = (query: ItemQuery) => unwrap(api.GET('/api/v1/catalog/items/', { params: { query } }));
export const getItem = (id: number) => unwrap(api.GET('/api/v1/catalog/items/{id}/', byId(id)));
export const createItem = (body: ItemInput) => unwrap(api.POST('/api/v1/catalog/items/', { body }));
export const updateItem = (id: number, body: Partial<ItemInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/items/{id}/', { ...byId(id), body }));
export const deleteItem = (id: number) => unwrap(api.DELETE('/api/v1/catalog/items/{id}/', byId(id)));
export const getItemOptions = () => unwrap(api.GET('/api/v1/catalog/items/options/'));

/** Every item for pickers (card contents, the knowledge base): a department has a few hundred at most. */
export async function listAllItems(): Promise<ItemRow[]> {
  const page = await listItems({ page_size: 200 });
  return page.results;
}

export const listProducts = (query: ListQuery) =>
  unwrap(api.GET('/api/v1/catalog/products/', { params: { query: { ...query, kind: query.kind as ProductKind[] | undefined } } }));
export const createProduct = (body: ProductInput) => unwrap(api.POST('/api/v1/catalog/products/', { body }));
export const updateProduct = (id: number, body: Partial<ProductInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/products/{id}/', { ...byId(id), body }));
export const deleteProduct = (id: number) => unwrap(api.DELETE('/api/v1/catalog/products/{id}/', byId(id)));

export const listCards = (query: ListQuery) =>
  unwrap(api.GET('/api/v1/catalog/card-types/', { params: { query: { ...query, kind: query.kind as CardKind[] } } }));
export const createCard = (body: CardTypeInput) => unwrap(api.POST('/api/v1/catalog/card-types/', { body }));
export const updateCard = (id: number, body: Partial<CardTypeInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/card-types/{id}/', { ...byId(id), body }));
export const deleteCard = (id: number) => unwrap(api.DELETE('/api/v1/catalog/card-types/{id}/', byId(id)));

export async function listArticles(item: number): Promise<Article[]> {
  const page = await unwrap(api.GET('/api/v1/catalog/articles/', { params: { query: { item, page_size: 200 } } }));
  return page.results;
}
export const createArticle = (body: ArticleInput) => unwrap(api.POST('/api/v1/catalog/articles/', { body }));
export const updateArticle = (id: number, body: Partial<ArticleInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/articles/{id}/', { ...byId(id), body }));
export const deleteArticle = (id: number) => unwrap(api.DELETE('/api/v1/catalog/articles/{id}/', byId(id)));

export async function listCases(item: number): Promise<Case[]> {
  const page = await unwrap(api.GET('/api/v1/catalog/cases/', { params: { query: { item, page_size: 200 } } }));
  return page.results;
}
export const createCase = (body: CaseInput) => unwrap(api.POST('/api/v1/catalog/cases/', { body }));
export const updateCase = (id: number, body: Partial<CaseInput>) =>
  unwrap(api.PATCH('/api/v1/catalog/cases/{id}/', { ...byId(id), body }));
export const deleteCase = (id: number) => unwrap(api.DELETE('/api/v1/catalog/cases/{id}/', byId(id)));

/** Stores a picture (checked and cleaned by the server) and answers its private address. */
export const uploadImage = (file: File) =>
  unwrap(
    api.POST('/api/v1/catalog/images/', {
      body: { file: '' },
      bodySerializer: () => {
        const data = new FormData();
        data.append('file', file);
        return data;
      },
    }),
  );

export const getHandbook = () => unwrap(api.GET('/api/v1/catalog/handbook/'));
export const getHandbookItem = (id: number) => unwrap(api.GET('/api/v1/catalog/handbook/{id}/', byId(id)));
